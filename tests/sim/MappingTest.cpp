// The naive mapper: crossbar counts per HARDWARE.md §2, placement in order, and the too-large error.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>

#include <nlohmann/json.hpp>

#include "sim/design/DesignLoader.h"
#include "sim/analytical/AnalyticalModel.h"
#include "sim/analytical/StageCosts.h"
#include "sim/mapping/EdramPlan.h"
#include "sim/mapping/Mapping.h"
#include "traces/InputError.h"
#include "traces/TraceReader.h"

namespace autorac::sim {
namespace {

const std::string kExamples = std::string(AUTORAC_SOURCE_DIR) + "/traces/examples/";

TEST(OptimizedMapping, MlpCrossbarCountsFollowTheGeometry) {
  const auto t = trace::readTrace(kExamples + "mlp_512_256_128_1.json");
  const auto d = loadDesign("isaac").design;
  const Mapping m = mapTrace(t, d, Strategy::Optimized);
  ASSERT_EQ(m.ops.size(), 3u);
  // 8-bit weights in 2-bit cells: 4 columns per weight. 512x256 -> 4 row blocks x 8 column blocks.
  EXPECT_EQ(m.ops[0].groups[0][0].crossbars.size(), 32u);
  EXPECT_EQ(m.ops[1].groups[0][0].crossbars.size(), 8u);
  EXPECT_EQ(m.ops[2].groups[0][0].crossbars.size(), 1u);
  EXPECT_EQ(m.ops[1].producers, std::vector<int>{0});
  EXPECT_EQ(m.ops[0].producers, std::vector<int>{-1});
  EXPECT_EQ(m.ops[0].input_ids, std::vector<std::string>{"x"});
  EXPECT_EQ(m.ops[2].consumers.size(), 0u);
  // Replicas are whole copies.
  for (const auto& op : m.ops)
    for (const auto& r : op.groups[0]) EXPECT_EQ(r.crossbars.size(), op.groups[0][0].crossbars.size());
}

// neurosim22's DLRM ties in the twin's interval between whole columns reduced on the first tile and
// rows across tiles with spread reductions: its bottleneck is an op the layout does not touch. The tie
// goes to the layout whose busiest NoC channel is less loaded: rows across tiles, measured 1.20x
// faster at batch 256 (59,808 cycles against 71,549, bench/sim/layout_choice.py on 2026-12-07; whole
// columns with spread reductions, 5 cycles a sample behind in the twin, measured 55,899: a wrong pick
// the rule cannot mend, docs/mapping.md);
// without the rule the earlier tried (whole columns) would win it. (Until the twin priced the spread
// of request sizes, 2026-12-07, the tie here was rows across tiles against whole columns with spread
// reductions, which the twin now puts 2 % behind.)
TEST(OptimizedMapping, LayoutsEqualInTheTwinGoToTheLessLoadedBusiestNocChannel) {
  const auto t = trace::readTrace(kExamples + "dlrm.json");
  const auto d = loadDesign("neurosim22").design;
  std::map<Layout, Estimate> forced;
  for (Layout l : {Layout::Columns, Layout::RowsSpread, Layout::ColumnsSpread})
    forced.emplace(l, estimate(d, mapTrace(t, d, Strategy::Optimized, {false, l}), 1024, false));
  const Estimate& rows = forced.at(Layout::RowsSpread);
  const Estimate& columns = forced.at(Layout::Columns);
  ASSERT_EQ(rows.interval_cycles, columns.interval_cycles) << "no tie left to break on this trace";
  ASSERT_LT(rows.interval_cycles, forced.at(Layout::ColumnsSpread).interval_cycles);
  ASSERT_LT(std::ceil(rows.busiestChannelLoad()), std::ceil(columns.busiestChannelLoad()));
  const Mapping chosen = mapTrace(t, d, Strategy::Optimized);
  EXPECT_TRUE(chosen.rows_across_tiles);
  EXPECT_TRUE(chosen.spread_reduction);
  EXPECT_EQ(chosen.layout_choice.by, "analytical interval");
}

// A square fc of n x n with 16-bit weights and inputs, written to a temporary trace file.
trace::Trace squareFc(int n) {
  const std::string path = ::testing::TempDir() + "fc" + std::to_string(n) + ".json";
  std::ofstream(path) << R"({"format": "autorac-trace", "version": 1, "name": "fc", "batch": 1,
    "inputs": [{"id": "x", "shape": [)" << n << R"(], "bits": 16, "signed": true}],
    "ops": [{"id": "fc", "type": "fc", "inputs": ["x"], "in_features": )" << n << R"(, "out_features": )" << n
                      << R"(, "weight_bits": 16, "act_bits": 16}]})";
  return trace::readTrace(path);
}

TEST(OptimizedMapping, ATileOfAMatrixThatSpansTilesReceivesOnlyItsRows) {
  // 1024 x 1024 at 16 bits on isaac: 8 row blocks of 128 rows, 512 crossbars per copy, 96 per tile.
  const auto t = squareFc(1024);
  const auto d = loadDesign("isaac").design;
  const Mapping opt = mapTrace(t, d, Strategy::Optimized);
  EXPECT_TRUE(opt.rows_across_tiles);
  for (const auto& g : opt.ops[0].groups[0]) {
    ASSERT_GT(g.tiles.size(), 1u);
    int64_t bits = 0;
    for (hw::TileId tile : g.tiles) bits += g.vectorBits(tile, 16);
    // Every row reaches a tile, and only a row block cut by a tile boundary goes to two tiles.
    EXPECT_GE(bits, 1024 * 16);
    EXPECT_LE(bits, (1024 + 128 * int64_t(g.tiles.size() - 1)) * 16);
  }
  // The naive layout keeps whole columns on a tile: each of its tiles receives the whole vector.
  const Mapping naive = mapTrace(t, d, Strategy::Naive);
  EXPECT_FALSE(naive.rows_across_tiles);
  for (hw::TileId tile : naive.ops[0].groups[0][0].tiles) EXPECT_EQ(naive.ops[0].groups[0][0].vectorBits(tile, 16), 1024 * 16);
}

TEST(OptimizedMapping, PartialSumsAreReducedOnATileHoldingTheirColumn) {
  const auto t = squareFc(1024);
  const auto d = loadDesign("isaac").design;
  const Mapping opt = mapTrace(t, d, Strategy::Optimized);
  EXPECT_TRUE(opt.spread_reduction);
  for (const auto& g : opt.ops[0].groups[0]) {
    // Every column block reduces on a tile that holds one of its crossbars, and no copy funnels all
    // its partial sums into one tile.
    for (int64_t cb = 0; cb < g.geometry.colBlocks(); ++cb) {
      bool held = false;
      for (const auto& x : g.crossbars) held = held || (x.col_block == cb && x.place.tile == g.col_block_reducer[size_t(cb)]);
      EXPECT_TRUE(held) << "column block " << cb;
    }
    EXPECT_GT(g.reducers.size(), 1u);
    int64_t outputs = 0, input_sums = 0;
    for (const auto& r : g.reducers) outputs += r.outputs, input_sums += r.input_sum;
    EXPECT_EQ(outputs, 1024);  // each output reduced once
    EXPECT_EQ(input_sums, 1);  // the input sum once per vector
  }
  // The naive mapping reduces a copy on its first tile.
  const Mapping naive = mapTrace(t, d, Strategy::Naive);
  const auto& g = naive.ops[0].groups[0][0];
  ASSERT_EQ(g.reducers.size(), 1u);
  EXPECT_EQ(g.reducers[0].tile, g.home);
}

// A copy's reducers work at the same time, but each sends its results to the op's home, and the home
// router's ejection port passes one 32-bit flit a cycle (isaac): by hand, a 1024 x 1024 fc's 1,024
// results, 32-bit as a model output is stored, take 1,024 flits there, plus a header flit per reducer,
// less what a reducer on the home tile itself keeps. The
// twin took the longest single reducer's work and trip instead (under 200 cycles here), so the
// collector's reduction, measured at 1,722 cycles a sample on the relayed fc at batch 256, looked cheap.
TEST(OptimizedMapping, AReductionWaitsForEveryReducersResultsAtTheHomesEjectionPort) {
  const auto t = squareFc(1024);
  const auto d = loadDesign("isaac").design;
  const Mapping opt = mapTrace(t, d, Strategy::Optimized);
  ASSERT_TRUE(opt.spread_reduction);
  ASSERT_EQ(d.interconnect.flit_bits, 32);
  const hw::TileId home = opt.ops[0].home;
  for (const auto& g : opt.ops[0].groups[0]) {
    int64_t flits = 0;
    for (const auto& r : g.reducers)
      if (r.tile != home) flits += 1 + r.outputs;
    ASSERT_GT(flits, 0);
    EXPECT_GE(StageCosts{d}.reduction(g, home, 1), flits);
  }
}

// Reduced results travel to the op's home at the width its output is stored at (docs/mapping.md):
// the first consumer's act_bits, 32 bits for a model output. A 1024 x 1024 fc of 16-bit inputs that
// feeds a 4-bit fc sends, by hand, 1,024 x 4 = 4,096 bits a vector from each copy's reducers, not its
// own 16-bit inputs' 16,384; the 4-bit fc, a model output, sends 16 x 32 = 512, not 16 x 4 = 64.
TEST(OptimizedMapping, ReducedResultsTravelAtTheWidthTheirOutputIsStoredAt) {
  const std::string path = ::testing::TempDir() + "fc_then_4bit_fc.json";
  std::ofstream(path) << R"({"format": "autorac-trace", "version": 1, "name": "two_fcs", "batch": 1,
    "inputs": [{"id": "x", "shape": [1024], "bits": 16, "signed": true}],
    "ops": [{"id": "wide", "type": "fc", "inputs": ["x"], "in_features": 1024, "out_features": 1024,
             "weight_bits": 16, "act_bits": 16},
            {"id": "narrow", "type": "fc", "inputs": ["wide"], "in_features": 1024, "out_features": 16,
             "weight_bits": 4, "act_bits": 4}]})";
  const auto t = trace::readTrace(path);
  const Mapping m = mapTrace(t, loadDesign("isaac").design, Strategy::Optimized);
  const auto resultBitsPerVector = [](const CrossbarGroup& g) {
    int64_t bits = 0;
    for (const auto& r : g.reducers) bits += g.resultBits(r, 1);
    return bits;
  };
  ASSERT_EQ(m.ops.size(), 2u);
  for (const auto& g : m.ops[0].groups[0]) EXPECT_EQ(resultBitsPerVector(g), 1024 * 4);
  for (const auto& g : m.ops[1].groups[0]) EXPECT_EQ(resultBitsPerVector(g), 16 * 32);
}

// A layout whose eDRAM plan does not fit is skipped, not fatal. A 1024 x 1024 fc of 16-bit values on
// isaac reduced on its copy's first tile keeps there, by hand, per sample: the prefetched input
// (1024 x 16 = 16,384 bits), the output (1024 x 32 = 32,768) and a running sum per output
// (1024 x (16 + 16 + 8 bits of a 128-row column sum + 3 bits for 8 row blocks) = 44,032): 93,184 bits,
// more than 8 KB (65,536). Reducing each column block where its column is leaves tile 0 the first two
// and its own columns' sums, which fit. Before, `auto` placed whole columns first and failed the run.
TEST(OptimizedMapping, AutoSkipsALayoutItsEdramCannotHoldAndMapsAnother) {
  const auto t = squareFc(1024);
  auto d = loadDesign("isaac").design;
  d.edram.bytes = 8192;
  try {
    mapTrace(t, d, Strategy::Optimized, {false, Layout::Columns});
    ADD_FAILURE() << "whole columns reduced on the first tile fit 8 KB of eDRAM";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("93184 bits per sample"), std::string::npos) << e.what();
  }
  const Mapping m = mapTrace(t, d, Strategy::Optimized);
  EXPECT_TRUE(m.spread_reduction);
  ASSERT_EQ(m.layout_choice.tried.size(), 3u);
  const LayoutTried& columns = m.layout_choice.tried[0];
  EXPECT_EQ(columns.layout, Layout::Columns);
  EXPECT_EQ(columns.twin_interval, 0);
  EXPECT_EQ(columns.failure.rfind("not mapped: ", 0), 0u) << columns.failure;
  EXPECT_NE(columns.failure.find("edram.bytes"), std::string::npos) << columns.failure;
  for (size_t i = 1; i < 3; ++i) EXPECT_GT(m.layout_choice.tried[i].twin_interval, 0) << layoutName(m.layout_choice.tried[i].layout);

  // 4 KB (32,768 bits) holds not even the input and output at home (49,152): no layout fits, and the
  // error is the first layout's.
  d.edram.bytes = 4096;
  try {
    mapTrace(t, d, Strategy::Optimized);
    ADD_FAILURE() << "a 1024 x 1024 fc of 16-bit values mapped onto 4 KB eDRAMs";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("93184 bits per sample"), std::string::npos) << e.what();
  }
}

TEST(NaiveMapping, LaysSlicesOutAtTheWidestPrecisionInTraceOrder) {
  const auto t = trace::readTrace(kExamples + "mlp_512_256_128_1.json");
  const Mapping m = mapTrace(t, loadDesign("isaac").design, Strategy::Naive);
  EXPECT_EQ(m.ops[0].groups[0][0].crossbars.size(), 64u);  // 16-bit slices: 8 columns per weight
  EXPECT_EQ(m.ops[0].groups[0][0].geometry.inputSlices(), 8);  // inputs still 8-bit
  EXPECT_EQ(m.crossbarsUsed(), 64 + 16 + 1);
  EXPECT_EQ(m.pesUsed(), 8 + 2 + 1);  // each op starts on a fresh PE, in order
  for (const auto& op : m.ops) EXPECT_EQ(op.replication(), 1);
}

TEST(OptimizedMapping, PrecisionChangesTheCrossbarCount) {
  auto t = trace::readTrace(kExamples + "mlp_512_256_128_1.json");
  for (auto& op : t.ops) op.weight_bits = 4;
  const Mapping m = mapTrace(t, loadDesign("isaac").design, Strategy::Optimized);
  EXPECT_EQ(m.ops[0].groups[0][0].crossbars.size(), 16u);  // 2 columns per weight
}

TEST(NaiveMapping, TooLargeSaysWhatIsNeededAndWhatThereIs) {
  const auto t = trace::readTrace(kExamples + "mlp_512_256_128_1.json");
  const auto d = loadDesign("isaac", {"tiles=1", "tile.pes=2"}).design;
  try {
    mapTrace(t, d, Strategy::Naive);
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("needs 81 crossbars"), std::string::npos) << msg;
    EXPECT_NE(msg.find("has 16 crossbars"), std::string::npos) << msg;
  }
}


// One fc of 64 inputs to 64 outputs at 8 bits, its output a graph output (32-bit values). By hand, on
// isaac (128 x 128 crossbars, 2-bit cells): its tile's eDRAM holds, per sample,
// - the loader's prefetched inputs, 64 x 8 = 512 bits;
// - its output buffer, 64 x 32 = 2,048 bits;
// - its partial sums awaiting reduction (a pipelined fc), per copy of the weights:
//   - optimized (8-bit weights, 4 columns each): 256 columns, so 2 crossbars of one row block with 32
//     outputs each; a partial sum of 64 rows of 8-bit weights and inputs is 8 + 8 + 7 = 23 bits;
//     2 x 32 x 23 = 1,472 bits;
//   - naive (slices laid out for 16-bit weights, 8 columns each): 4 crossbars of 16 outputs, partial
//     sums of 16 + 8 + 7 = 31 bits; 4 x 16 x 31 = 1,984 bits.
// Together, with one copy: 4,032 bits a sample optimized, 4,544 naive.
trace::Trace oneFc() {
  return trace::parseTrace(nlohmann::json::parse(R"({"format": "autorac-trace", "version": 1, "name": "fc64", "batch": 8,
      "inputs": [{"id": "x", "shape": [64], "bits": 8}],
      "ops": [{"id": "fc1", "type": "fc", "inputs": ["x"], "in_features": 64, "out_features": 64, "weight_bits": 8, "act_bits": 8}]})"),
                           "fc64.json", "");
}

TEST(EdramPlan, ATilesBuffersShareItsEdramSoTheirDepthFollowsItsBytes) {
  // 2,272 bytes = 18,176 bits: 4 samples of 4,544 bits. The output buffer (16 by default), the
  // prefetch (8) and the partial sums (16) are cut to 4.
  const auto d = loadDesign("isaac", {"edram.bytes=2272"}).design;
  const Mapping m = mapTrace(oneFc(), d, Strategy::Naive);
  EXPECT_EQ(m.ops[0].edram_samples, 4);
  EXPECT_EQ(StageCosts{d}.outputBufferDepth(m.ops[0]), 4);
  EXPECT_EQ(StageCosts{d}.prefetchDepth(m.ops[0]), 4);
  EXPECT_EQ(StageCosts{d}.partialSumSamples(m.ops[0]), 4);
  // One byte less holds 3.
  const auto smaller = loadDesign("isaac", {"edram.bytes=2271"}).design;
  EXPECT_EQ(StageCosts{smaller}.partialSumSamples(mapTrace(oneFc(), smaller, Strategy::Naive).ops[0]), 3);
  // ISAAC's 64 KB leaves the configured depths alone, under either mapping.
  const auto isaac = loadDesign("isaac").design;
  for (const Strategy s : {Strategy::Naive, Strategy::Optimized}) {
    const Mapping big = mapTrace(oneFc(), isaac, s);
    EXPECT_EQ(StageCosts{isaac}.outputBufferDepth(big.ops[0]), isaac.edram.op_buffer_samples) << strategyName(s);
    EXPECT_EQ(StageCosts{isaac}.prefetchDepth(big.ops[0]), isaac.offchip.prefetch_samples) << strategyName(s);
    EXPECT_EQ(StageCosts{isaac}.partialSumSamples(big.ops[0]), isaac.edram.op_buffer_samples) << strategyName(s);
  }
}

TEST(EdramPlan, AnEdramThatHoldsNotOneSampleIsADesignErrorNamingTheField) {
  // 500 bytes = 4,000 bits, short of one 4,544-bit sample: its partial sums do not fit beside the rest.
  try {
    mapTrace(oneFc(), loadDesign("isaac", {"edram.bytes=500"}).design, Strategy::Naive);
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("edram.bytes"), std::string::npos) << msg;
    EXPECT_NE(msg.find("fc1's partial sums"), std::string::npos) << msg;
    EXPECT_NE(msg.find("4544 bits per sample"), std::string::npos) << msg;
  }
}

TEST(EdramPlan, TheOptimizedMappingAddsNoCopyWhosePartialSumsTheEdramCannotHold) {
  // One copy needs 4,032 bits a sample, each further copy reduced on the same tile 1,472 more. With
  // 4,500 bytes (36,000 bits) the optimized mapping may replicate, but every tile that keeps partial
  // sums still holds at least one sample of them, and a design whose eDRAM holds one copy's sample
  // (4,100 bytes = 32,800 bits: 8 samples of one copy, 5 of two) maps.
  for (const int bytes : {4100, 4500}) {
    const auto d = loadDesign("isaac", {"edram.bytes=" + std::to_string(bytes)}).design;
    const Mapping m = mapTrace(oneFc(), d, Strategy::Optimized);
    const OpPlan& fc = m.ops[0];
    std::map<int, int64_t> copies_reduced_on;
    for (const auto& g : fc.groups[0]) ++copies_reduced_on[g.reducers.front().tile.value];
    for (const auto& [tile, copies] : copies_reduced_on) {
      // Everything on the fc's tile at the planned depths, counted from the hand figures above.
      const int64_t depth = StageCosts{d}.partialSumSamples(fc);
      int64_t bits = depth * copies * 1472;
      if (tile == fc.home.value) bits += fc.edram_samples * (512 + 2048);
      EXPECT_LE(bits, int64_t(bytes) * 8) << "tile " << tile << ", " << copies << " copies, " << bytes << " bytes";
    }
  }
}

TEST(EdramPlan, OpsHomedOnOneTileGetTheSameDepthAndTogetherFitItsEdram) {
  // DLRM's naive mapping homes several ops on a tile; a 12 KB eDRAM must bound them together (8 KB
  // holds not one sample of what tile 0 keeps).
  const auto t = trace::readTrace(kExamples + "dlrm.json");
  const auto d = loadDesign("isaac", {"edram.bytes=12288"}).design;
  const Mapping m = mapTrace(t, d, Strategy::Naive);
  std::map<int, int64_t> samples, deep_bits;
  for (const auto& op : m.ops) {
    auto [it, fresh] = samples.emplace(op.home.value, op.edram_samples);
    EXPECT_EQ(it->second, op.edram_samples) << op.op_id << " on tile " << op.home.value;
    // Deep buffers: output, graph inputs, rows gathered from off-chip DRAM (tables are off chip here).
    int64_t bits = op.output_bits + op.gather_bits;
    for (size_t k = 0; k < op.producers.size(); ++k)
      if (op.producers[k] < 0) bits += op.input_bits[k];
    deep_bits[op.home.value] += bits;
  }
  bool bounded = false;
  for (const auto& [tile, n] : samples) {
    EXPECT_LE(n * deep_bits[tile], int64_t(d.edram.bytes) * 8) << "tile " << tile;
    bounded = bounded || n < d.edram.op_buffer_samples;
  }
  EXPECT_TRUE(bounded) << "a 12 KB eDRAM should bound some tile's buffers below the configured depth";
}

// all_ops's attention projects its 6 tokens a sample, split over its copies: r copies take ⌈6/r⌉
// rounds, so 4 and 5 copies are no faster than 3, and only 6 pay. The greedy rounds stopped at the
// first copy that gained nothing (3 copies; 2,206,177 cycles at batch 256, against 1,176,768 now);
// they now look up to two rounds past it.
TEST(OptimizedMapping, ReplicationLooksPastCopiesThatGainNothingAlone) {
  const auto t = trace::readTrace(kExamples + "all_ops.json");
  const auto d = loadDesign("isaac").design;
  const Mapping m = mapTrace(t, d, Strategy::Optimized);
  const auto attn = size_t(std::find_if(m.ops.begin(), m.ops.end(), [](const OpPlan& p) { return p.op_id == "attn"; }) - m.ops.begin());
  ASSERT_LT(attn, m.ops.size());
  // Its static matrices (the projections; scores and context are written each sample) each see 6 vectors.
  Mapping fewer = m;
  int static_mvms = 0;
  for (size_t k = 0; k < m.ops[attn].mvms.size(); ++k)
    if (!m.ops[attn].mvms[k].dynamic) {
      ++static_mvms;
      EXPECT_EQ(m.ops[attn].mvms[k].vectors, 6) << m.ops[attn].mvms[k].name;
      fewer.ops[attn].groups[k].pop_back();
    }
  ASSERT_GT(static_mvms, 0);
  EXPECT_EQ(m.ops[attn].replication(), 6);
  // One copy fewer takes two rounds a sample: the 6th copy is kept because it pays.
  ASSERT_FALSE(tryPlanEdram(d, fewer));
  EXPECT_GT(estimate(d, fewer, 1024, false).ops[attn].interval_cycles,
            estimate(d, m, 1024, false).ops[attn].interval_cycles * 3 / 2);
}

// Moving a home off a pressed router can go round in a cycle: the op's home back and forth between two
// routers, each the pressed one while the op is homed there. Until 2026-12-07 such moves took every one
// of the replication's 256 rounds, and a 768 x 768 16-bit fc with rows across tiles kept 2 copies
// (analytical interval 2,647 cycles); the 2048 x 2048 fc kept 1. By hand: a copy is 6 row blocks x 48
// column blocks (768 x 8 two-bit cells / 128) = 288 of isaac's 16,128 crossbars, and reads a sample in
// 16 input slices x 256 cycles, so r copies need at least 4,096 / r cycles a sample, and an interval
// below 2,048 needs more than 2; the mapper makes at most 16 copies.
TEST(OptimizedMapping, HomeMovesThatGoRoundInACycleLeaveRoomForCopies) {
  const auto t = squareFc(768);
  const auto d = loadDesign("isaac").design;
  const Mapping m = mapTrace(t, d, Strategy::Optimized, {false, Layout::RowsSpread});
  ASSERT_EQ(m.ops.size(), 1u);
  EXPECT_GE(m.ops[0].replication(), 8);
  EXPECT_LT(estimate(d, m, 1024, false).interval_cycles, 4096 / 2);
}

}  // namespace
}  // namespace autorac::sim
