// The twin's output-buffer loops (sim/analytical/BufferLoops): a loop's samples queue at the units
// its ops share with others, so its interval is the smallest I with I · T ≥ L + waits(I).
#include <gtest/gtest.h>

#include <cmath>

#include <nlohmann/json.hpp>

#include "sim/analytical/AnalyticalModel.h"
#include "sim/analytical/BufferLoops.h"
#include "sim/design/DesignLoader.h"
#include "sim/mapping/Mapping.h"
#include "traces/TraceReader.h"

namespace autorac::sim {
namespace {

// a feeds c directly and through b1 -> b2 -> b3: a loop forward along the chain and back along a's
// output buffer of D samples.
trace::Trace skipTrace() {
  return trace::parseTrace(nlohmann::json::parse(R"({"format": "autorac-trace", "version": 1, "name": "skip", "batch": 32,
    "inputs": [{"id": "x", "shape": [128], "bits": 8, "signed": true}],
    "ops": [{"id": "a", "type": "fc", "inputs": ["x"], "in_features": 128, "out_features": 128, "weight_bits": 8, "act_bits": 8},
            {"id": "b1", "type": "fc", "inputs": ["a"], "in_features": 128, "out_features": 128, "weight_bits": 8, "act_bits": 8},
            {"id": "b2", "type": "fc", "inputs": ["b1"], "in_features": 128, "out_features": 128, "weight_bits": 8, "act_bits": 8},
            {"id": "b3", "type": "fc", "inputs": ["b2"], "in_features": 128, "out_features": 128, "weight_bits": 8, "act_bits": 8},
            {"id": "c", "type": "add", "inputs": ["a", "b3"], "features": 128, "act_bits": 8}]})"),
                           "skip.json", "");
}

TEST(BufferLoops, SamplesQueueingOnTheLongPathLengthenTheLoopUntilItsSamplesFitARound) {
  const auto d = loadDesign("isaac", {"edram.op_buffer_samples=2"}).design;
  const Mapping m = mapTrace(skipTrace(), d, Strategy::Naive);
  Estimate e = estimate(d, m, 256, false);
  // The smallest I whose T = 2 samples fit a round of the long path (b1, b2, b3), waits at I included.
  const auto fits = [&](const Estimate& with, int64_t interval, int64_t first_sample) {
    double waits = 0;
    for (size_t op : {1, 2, 3}) waits += with.ops[op].waitAt(double(interval));
    return double(interval) * 2 >= double(first_sample) + waits;
  };
  const BufferLoop alone = tightestBufferLoop(d, m, e);
  ASSERT_EQ(m.ops[alone.from].op_id, "a");
  ASSERT_EQ(m.ops[alone.to].op_id, "c");
  ASSERT_EQ(alone.samples, 2);
  ASSERT_GT(alone.interval, e.interval_cycles) << "the loop binds";
  EXPECT_TRUE(fits(e, alone.interval, alone.first_sample_cycles));
  EXPECT_FALSE(fits(e, alone.interval - 1, alone.first_sample_cycles));
  EXPECT_GE(alone.interval, (alone.first_sample_cycles + 1) / 2) << "at least the plain bound, L / T";

  // b2 now also shares a unit that others keep busy for 90 % of that interval, asked once a sample.
  const double before = double(alone.interval);
  e.ops[2].queues.push_back({0.9 * before, 1.0, 1.0, {}});
  const BufferLoop queued = tightestBufferLoop(d, m, e);
  EXPECT_GT(queued.interval, alone.interval);
  EXPECT_EQ(queued.first_sample_cycles, alone.first_sample_cycles);
  EXPECT_TRUE(fits(e, queued.interval, queued.first_sample_cycles));
  EXPECT_FALSE(fits(e, queued.interval - 1, queued.first_sample_cycles));
  // A queue on the short path's own op (a) or past c is not on the long path: no change.
  Estimate off = estimate(d, m, 256, false);
  off.ops[0].queues.push_back({0.9 * before, 1.0, 1.0, {}});
  off.ops[4].queues.push_back({0.9 * before, 1.0, 1.0, {}});
  EXPECT_EQ(tightestBufferLoop(d, m, off).interval, alone.interval);
}

TEST(BufferLoops, ALoopThatDoesNotBindReportsItsQueuesAtTheRunsInterval) {
  // Deep buffers: the loop's samples fit a round at the run's own interval, so it does not bind.
  const auto d = loadDesign("isaac", {"edram.op_buffer_samples=16"}).design;
  const Mapping m = mapTrace(skipTrace(), d, Strategy::Naive);
  Estimate e = estimate(d, m, 256, false);
  // b2 shares a unit others keep 90 % busy at the run's interval: overloaded at any shorter one,
  // such as the loop's own bound L / T.
  e.ops[2].queues.push_back({0.9 * double(e.interval_cycles), 1.0, 1.0, {}});
  const BufferLoop loop = tightestBufferLoop(d, m, e);
  ASSERT_EQ(m.ops[loop.from].op_id, "a");
  ASSERT_LT(loop.interval, e.interval_cycles) << "the loop binds; the case needs one that does not";
  // What the report says a round takes, queues included, is what it takes at the interval the
  // pipeline runs at, and there the loop's samples fit: not the waits of an overloaded queue.
  EXPECT_LE(loop.cycles, loop.samples * e.interval_cycles);
  EXPECT_GT(loop.cycles, loop.first_sample_cycles) << "b2's queue waits at the run's interval too";
}

}  // namespace
}  // namespace autorac::sim
