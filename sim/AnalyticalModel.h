#pragma once
// The analytical twin of the SystemC model: the same mapping, the same stage latencies, but every
// resource assumed free when asked for. Latency of one sample is the critical path through the stages;
// a batch takes latency + (batch − 1) × the initiation interval of the busiest unit. Event counts do
// not depend on timing, so the analytical counts must equal the simulated ones exactly; cycles equal
// the simulated ones wherever nothing is shared (HARDWARE.md §2's L_xbar), and the difference
// elsewhere is the queueing this model ignores (docs/timing-model.md).
#include <cstdint>
#include <vector>

#include "hw/Design.h"
#include "hw/EventCounts.h"
#include "sim/Mapping.h"

namespace autorac::sim {

// HARDWARE.md §2: t_read + (S − 1) · max(t_read, T_conv) + T_conv + t_sa.
int64_t crossbarLatency(const hw::Design& d, const hw::CrossbarTask& task);
int64_t conversionCycles(const hw::Design& d, int64_t cols_used);

struct OpEstimate {
  int64_t start_cycle = 0, end_cycle = 0;  // of the first sample
  int64_t interval_cycles = 0;             // busiest unit of this op, per sample
  hw::EventCounts counts;                  // whole batch
};

struct Estimate {
  int64_t latency_cycles = 0;   // one sample through the whole graph
  int64_t interval_cycles = 0;  // per sample, steady state
  int64_t cycles = 0;           // the batch
  std::vector<OpEstimate> ops;  // parallel to Mapping::ops
  hw::EventCounts io_counts;
};

Estimate estimate(const hw::Design& design, const Mapping& mapping, uint64_t batch);

}  // namespace autorac::sim
