#include "sim/analytical/BufferLoops.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "hw/MvmGeometry.h"
#include "sim/analytical/StageCosts.h"

namespace autorac::sim {
namespace {

// The waits of one sample along the long path from op a to op x (the ops between, by `long_via`),
// at a pipeline interval of `interval` cycles.
double pathWait(const Estimate& e, size_t a, size_t x, const std::vector<size_t>& long_via, double interval) {
  double wait = 0;
  for (size_t y = long_via[x]; y != a; y = long_via[y]) wait += e.ops[y].waitAt(interval);
  return wait;
}

// The loop's interval: the smallest I at which its `samples` samples go round it, each taking the
// long path's first-sample time plus its waits at the units it shares with other ops (the twin's own
// queues, at I), I · samples ≥ first_sample + waits(I). Waits shrink as I grows, so I is found by
// bisection; below `at_least` it is not sought (a lower bound does not bind).
int64_t loopInterval(const Estimate& e, size_t a, size_t x, int64_t first_sample, int64_t samples, const std::vector<size_t>& long_via,
                     int64_t at_least) {
  const auto holds = [&](int64_t interval) {
    return double(interval) * double(samples) >= double(first_sample) + pathWait(e, a, x, long_via, double(interval));
  };
  int64_t lo = hw::ceilDiv(first_sample, samples);
  if (lo <= at_least && holds(at_least)) return lo;
  lo = std::max(lo, at_least);
  if (holds(lo)) return lo;
  int64_t hi = lo;
  for (int k = 0; k < 40 && !holds(hi); ++k) hi *= 2;
  while (hi - lo > 1) {
    const int64_t mid = lo + (hi - lo) / 2;
    (holds(mid) ? hi : lo) = mid;
  }
  return hi;
}

}  // namespace

BufferLoop tightestBufferLoop(const hw::Design& d, const Mapping& m, const Estimate& e) {
  const StageCosts cost{d};
  const size_t n = m.ops.size();
  constexpr int64_t kNone = -1;
  constexpr int64_t kMany = std::numeric_limits<int64_t>::max() / 4;
  std::vector<int64_t> depth(n), service(n), inside(n);
  for (size_t i = 0; i < n; ++i) {
    depth[i] = cost.outputBufferDepth(m.ops[i]);
    // The samples an op works on at once: one, or for a pipelined MVM those dispatched and not yet
    // reduced, at most partialSumDepth (sim/run/OpRunner::dispatchLoop).
    inside[i] = m.ops[i].pipelinedMvm() ? cost.partialSumDepth(m.ops[i]) : 1;
    service[i] = std::max<int64_t>(0, e.ops[i].end_cycle - e.ops[i].start_cycle);
  }
  BufferLoop best;
  // From each op A, over its descendants in trace order (producers come first, sim/mapping/Mapper):
  // the longest first-sample time from A's output to each op's start, and the fewest samples any path
  // between them holds.
  std::vector<int64_t> longest(n), fewest(n);
  std::vector<size_t> via(n);       // the producer on the path with the fewest samples
  std::vector<size_t> long_via(n);  // the producer on the longest path
  for (size_t a = 0; a < n; ++a) {
    if (m.ops[a].consumers.empty()) continue;
    std::fill(longest.begin() + ptrdiff_t(a), longest.end(), kNone);
    std::fill(fewest.begin() + ptrdiff_t(a), fewest.end(), kMany);
    for (size_t c : m.ops[a].consumers) longest[c] = 0, fewest[c] = depth[a], via[c] = a, long_via[c] = a;
    for (size_t x = a + 1; x < n; ++x) {
      if (longest[x] == kNone) continue;
      // The loop forward along the longest path to x and back along the fewest samples.
      if (fewest[x] > 0 && longest[x] > 0) {
        const int64_t bound = loopInterval(e, a, x, longest[x], fewest[x], long_via, std::max(best.interval, e.interval_cycles));
        if (bound > best.interval) {
          best = {bound, a, x, 0, fewest[x], {}, longest[x]};
          // Its waits at the interval the pipeline runs at: a loop that does not bind runs at the
          // run's interval, where its queues are not the overloaded ones of its own lower bound.
          const double runs_at = double(std::max(bound, e.interval_cycles));
          best.cycles = int64_t(std::ceil(double(longest[x]) + pathWait(e, a, x, long_via, runs_at)));
          for (size_t y = x; y != a;) best.buffers.push_back(y = via[y]);
        }
      }
      for (size_t y : m.ops[x].consumers) {
        if (longest[x] + service[x] > longest[y]) long_via[y] = x;
        longest[y] = std::max(longest[y], longest[x] + service[x]);
        if (fewest[x] + inside[x] + depth[x] < fewest[y]) fewest[y] = fewest[x] + inside[x] + depth[x], via[y] = x;
      }
    }
  }
  return best;
}

std::string describe(const BufferLoop& loop, const Mapping& m) {
  return "output buffers from op " + m.ops[loop.from].op_id + " to op " + m.ops[loop.to].op_id + ": the longest path between them takes " +
         std::to_string(loop.first_sample_cycles) + " cycles (" + std::to_string(loop.cycles) + " with its queues), and the buffers of the shortest hold " +
         std::to_string(loop.samples) + " samples";
}

int64_t intervalWithBufferLoops(const hw::Design& d, const Mapping& m, const Estimate& e) {
  return std::max(e.interval_cycles, tightestBufferLoop(d, m, e).interval);
}

}  // namespace autorac::sim
