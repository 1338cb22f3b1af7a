#pragma once
// The interval bound that the ops' bounded output buffers set where the graph forks and joins again
// (HARDWARE.md §4; docs/timing-model.md, *Output buffers where paths rejoin*).
//
// An op writes sample n only once every consumer has started sample n − D (D: its buffer depth,
// sim/run/OpRunner::finishSample), and an op starts a sample only once all its inputs are in. Where
// op A feeds op C along two paths, a short one (a skip connection) and a long one, every sample of A
// waits in the short path's buffers for as long as the long path takes: the short path can hold only
// so many samples, and the long path cannot run further ahead. As a marked graph (Ramamoorthy and
// Ho, "Performance evaluation of asynchronous concurrent systems using Petri nets", IEEE TSE 1980):
// the loop forward along the long path and back along the short path's free buffer slots holds
// T = Σ D (each buffer's depth) + the samples each op between works on at once, and takes L
// cycles (the long path's first-sample time from A's output to C's start), so the pipeline's
// interval is at least ⌈L / T⌉, however idle each unit is. In steady state each sample also waits
// at the units the long path's ops share with others (the twin's queues, OpEstimate::queues), so
// the bound is the smallest I with I · T ≥ L + waits(I). The bound is the largest over every pair
// (A, C): the longest path between them over the fewest samples any path between them holds.
//
// A one-sample-at-a-time op works on one; a pipelined MVM op on those dispatched and not yet reduced,
// at most StageCosts::partialSumDepth (r copies × D).
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "hw/Design.h"
#include "sim/analytical/AnalyticalModel.h"
#include "sim/mapping/Mapping.h"

namespace autorac::sim {

struct BufferLoop {
  int64_t interval = 0;          // the smallest I with I · samples ≥ L + waits(I) where that binds, else ⌈L / samples⌉
  size_t from = 0, to = 0;       // ops A and C
  int64_t cycles = 0, samples = 0;  // a sample's time round the long path, with its queues' waits at the
                                    // interval the pipeline runs at (the larger of the loop's and the run's)
  std::vector<size_t> buffers;   // the ops whose output buffers hold the `samples`: A and the short path's
  int64_t first_sample_cycles = 0;  // the long path's first-sample time, L
};

// The tightest loop given the first-sample timeline `e.ops[i].start_cycle`/`end_cycle`.
BufferLoop tightestBufferLoop(const hw::Design& d, const Mapping& m, const Estimate& e);
// The steady-state cycles per sample with that loop counted: the interval_cycles estimate() reports with
// counts, from a timing-only estimate (`e` from estimate(..., with_counts = false)).
int64_t intervalWithBufferLoops(const hw::Design& d, const Mapping& m, const Estimate& e);
// "output buffers from op A to op C: …", for the report's bottleneck.
std::string describe(const BufferLoop& loop, const Mapping& m);

}  // namespace autorac::sim
