#pragma once
// The analytical twin of the SystemC model: the same mapping and the same steps (sim/analytical/StageCosts), but
// every shared unit assumed free when asked for. One sample's latency is the critical path through the
// ops; a batch takes latency + (batch − 1) × the initiation interval of the busiest op or unit (less
// where copies or buffers let the first samples pass faster: docs/timing-model.md). Event
// counts do not depend on timing, so the analytical counts equal the simulated ones exactly; cycles
// equal the simulated ones wherever nothing is shared (HARDWARE.md §2's L_xbar), and the difference
// elsewhere is the queueing this model ignores (docs/timing-model.md).
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "hw/Design.h"
#include "hw/EventCounts.h"
#include "hw/noc/TransferCost.h"
#include "sim/mapping/Mapping.h"
#include "sim/analytical/StageCosts.h"
#include "sim/analytical/Steps.h"

namespace autorac::sim {

// A shared unit whose load the analytical model tracks: a tile's eDRAM port, bus or vector unit, a
// PE's ADC group or S+A units, the off-chip port and its request slots, an interconnect channel.
struct SharedUnit {
  enum class Kind : uint8_t { Edram, Bus, Vector, Adc, ShiftAdd, Offchip, OffchipRequests, Channel };
  Kind kind = Kind::Offchip;
  int tile = 0, pe = 0, group = 0;
  hw::noc::Channel channel;  // Kind::Channel
  uint64_t key() const;      // unique per unit, for keyed tables
  // "edram0", "bus3", "vector3", "adc3.1.0", "shift_add3.1", "offchip", "offchip_requests", or the
  // channel's ("noc_eject_r3", "interconnect").
  std::string name() const;
};

// Where a step's queueing is filed when the twin's waits are set beside the run's (the report's
// queue_waits): its tile's eDRAM, bus or vector unit, and for a transfer the interconnect as a whole,
// since the run times a transfer end to end, not channel by channel.
SharedUnit queuedAt(const Step& s);
SharedUnit queuedAt(const SharedUnit& unit);  // a twin's unit: itself, or for a channel the interconnect

// One shared unit an op's thread queues at (docs/timing-model.md, *Queueing*): the other ops' busy
// cycles and requests there per sample, and how often the thread asks per sample.
struct QueueTerm {
  double load = 0, requests = 0, times = 0;
  SharedUnit unit;
  double square = 0;  // Σ over those requests of their busy cycles squared (their service's variability)
  // The thread's wait per sample there when the pipeline passes a sample every `interval` cycles.
  double waitAt(double interval) const;
};

struct OpEstimate {
  int64_t start_cycle = 0, end_cycle = 0;  // of the first sample: inputs ready, output written
  int64_t interval_cycles = 0;             // per sample in steady state, for this op alone
  std::string bottleneck;                  // what sets interval_cycles: "dispatch", "crossbars", ...
  hw::EventCounts counts;                  // whole batch
  // Where a sample of it queues behind other ops' requests (each of its threads' units): beyond its
  // first-sample time, its stay in steady state (sim/analytical/BufferLoops).
  std::vector<QueueTerm> queues;
  double waitAt(double interval) const;
  // The same per unit, filed as queuedAt files them (by SharedUnit::name).
  std::map<std::string, double> waitsAt(double interval) const;
  // A pipelined MVM's copies take samples in turn: each copy's crossbars are busy `copy_period` cycles
  // a sample, and without that bound the op passes a sample every `interval_without_copies` cycles,
  // its threads' queueing waits included (the pipeline's fill: docs/timing-model.md).
  int64_t copies = 1, copy_period = 0, interval_without_copies = 0;
  bool copies_bind = false;  // the copies' crossbars alone set interval_cycles (no queueing on top)
};

struct Estimate {
  int64_t latency_cycles = 0;   // one sample through the whole graph
  int64_t interval_cycles = 0;  // per sample, steady state
  int64_t cycles = 0;           // the batch
  std::string bottleneck;       // the op ("op <id>: <what>"), shared unit ("unit edram0") or two NoC
                                // channels ("units noc_link_r4_r3 and noc_eject_r3 in a row") setting the interval
  // The longest two channels in a row take together per sample (sim/analytical/AnalyticalModel.cpp,
  // addChannelPairs), whether or not it sets the interval.
  int64_t channels_in_a_row_cycles = 0;
  // The shared unit to relieve: the bottleneck unit, or where the slowest op's thread waits longest;
  // none when an op's own work sets the interval.
  std::optional<SharedUnit> pressed;
  std::vector<OpEstimate> ops;  // parallel to Mapping::ops
  // Per-sample busy cycles of each shared unit with any, by SharedUnit::key(), in no order (a flat
  // list: the mapper builds one per trial mapping and looks up one unit in it).
  std::vector<std::pair<uint64_t, double>> loads;
  double loadOf(const SharedUnit& unit) const;  // 0 for a unit not in `loads`
  double busiestChannelLoad() const;            // the most loaded NoC channel's (or the bus's) busy cycles per sample
  std::map<std::string, double> unit_loads;    // the same by name, with_counts only (the report's)
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
// A relayed op's copy `replica` (OpPlan::relay_dispatch): its first tile, where each of its samples'
// vectors goes whole before the copy's tiles are sent their rows. None where that is the input's own
// tile (nothing to relay) or the op is not relayed.
std::optional<hw::TileId> relayOf(const Mapping& m, const OpPlan& op, size_t replica);

}  // namespace autorac::sim
