#pragma once
// What a SystemC run measured (sim/run/ChipSimulation produces it, sim/report reads it). Apart from the
// run so that the report, in the library without the SystemC kernel, does not include the run.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "hw/EventCounts.h"
#include "sim/report/FunctionalCheck.h"

namespace autorac::sim {

// One of an op's threads over the batch (sim/run/OpRunner): a sequential op's sample loop ("run") and,
// where it gathers rows from off-chip DRAM, its prefetcher ("fetch"); or a pipelined MVM op's
// dispatcher ("dispatch") and collector ("collect"). Its working cycles are the rest of its time: its
// own steps (a sequential op's crossbars, which it feeds itself, included), the queues it stood in at
// shared units (the off-chip port's request slots included), and for the dispatcher the input
// registers it waited on. The collector's wait for the crossbars is starved: the dispatcher feeds
// them at its own pace, so the wait would count the dispatcher's (the crossbars' own share is the
// op's crossbar_busy_fraction). A wait for inputs and room at once is counted as the first the thread
// checks (room, for the dispatcher and the prefetcher). The thread with the most working cycles per
// sample is what the run could not overlap, the measured counterpart of the analytical bottleneck.
// The graph-input loaders are not op threads and are not counted.
struct ThreadTime {
  std::string thread;
  uint64_t cycles = 0;          // from the start of the run until it finished its last sample (for a
                                // graph output: when the data left the port, not when it arrived)
  uint64_t starved_cycles = 0;  // waiting for a sample's inputs: a producer's output, a graph input,
                                // prefetched rows; the collector: the sample's dispatch and crossbars
  uint64_t blocked_cycles = 0;  // waiting for room: a full output buffer, partial sums awaiting
                                // reduction, the prefetch depth
  // Saturating: a thread the run left unfinished (cycles never set) reads 0, not 2^64.
  uint64_t workingCycles() const {
    const uint64_t waits = starved_cycles + blocked_cycles;
    return cycles > waits ? cycles - waits : 0;
  }
};

struct OpMeasurement {
  uint64_t first_start_cycle = 0, last_end_cycle = 0;
  uint64_t crossbar_read_cycles = 0;  // summed over the op's crossbars
  uint64_t max_row_writes_per_crossbar = 0;  // run-time writes: rows programmed on its busiest crossbar
  hw::EventCounts counts;
  std::vector<ThreadTime> threads;
  // Cycles its threads' steps queued at shared units beyond their own, over the batch, by the unit
  // sim::queuedAt files them under ("edram0", "bus3", "vector3", "interconnect"), for every unit they
  // used: eDRAM, bus and vector steps wait for the unit; a transfer takes longer than on an idle
  // network. Summed over the op's threads and its reducers, which run at the same time. Its
  // crossbars' drains are not threads and are not counted.
  std::map<std::string, int64_t> queue_wait_cycles;
};

struct ComponentActivity {
  uint64_t busy_slot_cycles = 0;  // summed over instances
  uint64_t slot_capacity = 0;     // slots × instances
  uint64_t wait_cycles = 0;       // cycles requesters spent queued
  uint64_t contended_grants = 0;  // grants that had to wait
};

struct Measurement {
  uint64_t cycles = 0;                      // until the last sample's output left
  uint64_t first_sample_latency_cycles = 0;
  double mean_sample_latency_cycles = 0;  // from a sample's first input taken to its last output
  std::vector<OpMeasurement> ops;           // parallel to Mapping::ops
  hw::EventCounts io_counts;                // graph inputs loaded from off chip
  std::map<std::string, ComponentActivity> activity;  // by component kind, over the instances used
  // Each shared unit's busy cycles over the run (busy slot-cycles ÷ the slots that keep it fully busy:
  // all of them, or for an S+A pool those of the groups it serves at once), under the names the
  // analytical model gives its unit loads (SharedUnit::name), so the two can be compared unit by unit.
  std::map<std::string, double> unit_busy_cycles;
  // Each interconnect channel's held cycles over the run, by the same names
  // (hw/noc/MeshCore::forEachChannel).
  std::map<std::string, double> channel_held_cycles;
  double wall_seconds = 0;         // elaboration and run
  double elaboration_seconds = 0;  // building the modules, before sc_start
  // TLM-2.0 base-protocol checks over the run (hw/tlm/ProtocolChecker.h): calls checked, rules broken.
  uint64_t tlm_transactions = 0, tlm_violations = 0;
  std::vector<std::string> tlm_first_violations;
  // A functional run's values (pimsim --functional): per op of its FunctionalOp list, and the wall
  // time of their arithmetic (within wall_seconds).
  std::vector<OpFunctionalResult> functional;
  double functional_seconds = 0;
};

}  // namespace autorac::sim
