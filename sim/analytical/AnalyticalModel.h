#pragma once
// The analytical twin of the SystemC model: the same mapping and the same steps (sim/analytical/StageCosts), but
// every shared unit assumed free when asked for. One sample's latency is the critical path through the
// ops; a batch takes latency + (batch − 1) × the initiation interval of the busiest op or unit. Event
// counts do not depend on timing, so the analytical counts equal the simulated ones exactly; cycles
// equal the simulated ones wherever nothing is shared (HARDWARE.md §2's L_xbar), and the difference
// elsewhere is the queueing this model ignores (docs/timing-model.md).
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "hw/Design.h"
#include "hw/EventCounts.h"
#include "sim/mapping/Mapping.h"
#include "sim/analytical/StageCosts.h"

namespace autorac::sim {

struct OpEstimate {
  int64_t start_cycle = 0, end_cycle = 0;  // of the first sample: inputs ready, output written
  int64_t interval_cycles = 0;             // per sample in steady state, for this op alone
  std::string bottleneck;                  // what sets interval_cycles: "dispatch", "crossbars", ...
  hw::EventCounts counts;                  // whole batch
};

struct Estimate {
  int64_t latency_cycles = 0;   // one sample through the whole graph
  int64_t interval_cycles = 0;  // per sample, steady state
  int64_t cycles = 0;           // the batch
  std::string bottleneck;       // the op ("op <id>: <what>") or shared unit ("unit edram0") setting the interval
  std::string pressed_unit;     // the shared unit to relieve: the bottleneck unit, or where the slowest
                                // op's thread waits longest; empty when an op's own work sets the interval
  std::vector<OpEstimate> ops;  // parallel to Mapping::ops
  std::map<std::string, double> unit_loads;  // per-sample busy cycles of each shared unit ("edram0", "noc_eject_r3", ...)
  hw::EventCounts io_counts;    // graph inputs loaded from off chip
};

// `with_counts` false leaves OpEstimate::counts and io_counts empty: the mapper compares timing only.
Estimate estimate(const hw::Design& design, const Mapping& mapping, uint64_t batch, bool with_counts = true);

// The events an op causes over a batch: the counts the SystemC runners make as they go.
hw::EventCounts countsForBatch(const hw::Design& d, const Mapping& m, const OpPlan& op, uint64_t batch);
// How many of `vectors` input vectors replica r of `replicas` takes (vector v goes to v mod replicas).
std::vector<int64_t> vectorShares(int64_t vectors, size_t replicas);
// Where an op's MVM inputs are read from: a pipelined MVM reads its producer's eDRAM directly.
hw::TileId inputSource(const Mapping& m, const OpPlan& op);

}  // namespace autorac::sim
