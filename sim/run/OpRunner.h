#pragma once
// Runs one mapped op for every sample of the batch. A pipelined MVM op (fc, efc: one static weight
// matrix, nothing else) runs as two overlapping stages: a dispatcher that streams each sample's input
// vectors into the crossbars (sample n to replica n mod r), and a collector that reduces each sample's
// partial sums on its copy's reducers (MvmStage::reduce), writes the result and hands it on. A relayed
// one (OpPlan::relay_dispatch) has its dispatcher send each sample whole to its copy's first tile, and a
// relay per copy sends the copy's tiles their rows from there. Every
// other op takes one sample at a time through its steps: inputs moved home, gather, MVMs (crossbars,
// run-time-written crossbars or the vector unit), vector operations, output. docs/timing-model.md has
// the details.
#include <cstdint>
#include <deque>
#include <memory>
#include <vector>

#include <systemc>

#include "hw/Chip.h"
#include "hw/EventCounts.h"
#include "sim/mapping/Mapping.h"
#include "sim/report/Measurement.h"
#include "sim/run/MvmStage.h"
#include "sim/run/StepRunner.h"
#include "sim/run/SampleProgress.h"

namespace autorac::sim {

class OpRunner : public sc_core::sc_module {
public:
  // `inputs`: one progress per op input (the producer's ready(), or a loader's loaded()).
  OpRunner(sc_core::sc_module_name name, const hw::Design& design, hw::Chip& chip, const Mapping& mapping,
           const OpPlan& op, uint64_t batch, hw::EventCounts& counts, std::vector<SampleProgress*> inputs);

  SampleProgress& started() { return started_; }  // samples whose inputs it has taken
  SampleProgress& ready() { return ready_; }      // samples whose outputs are written
  // A consumer of this op's output: the op does not write sample n's output until every consumer has
  // taken sample n - depth (its output buffer, StageCosts::outputBufferDepth, is full). Set before
  // the simulation starts.
  void bufferFor(SampleProgress& consumer_started) { consumers_.push_back(&consumer_started); }
  // Functional runs: its crossbars compute `values` (an fc op's) as they go. Set before the run.
  void carryValues(OpValues& values);
  uint64_t firstStartCycle() const { return first_start_; }
  uint64_t lastEndCycle() const { return last_end_; }
  const std::vector<uint64_t>& startCycles() const { return start_; }
  const std::vector<uint64_t>& finishCycles() const { return finish_; }
  const std::vector<ThreadTime>& threads() const { return threads_; }  // after the run
  const StepWaits& queueWaits() const { return waits_; }               // after the run

private:
  void dispatchLoop();   // pipelined MVM ops
  void collectLoop();
  void relayLoop(size_t replica);  // relayed pipelined ops (OpPlan::relay_dispatch): one per copy
  void sequentialLoop();  // every other op
  void fetchLoop();       // ops gathering off-chip rows: fetches them ahead of sequentialLoop
  void waitInputs(uint64_t n);
  void finishSample(uint64_t n, ThreadTime& thread);
  // Runs `wait` and adds the cycles it took to `into` (a thread's starved or blocked cycles).
  template <class Wait>
  void timed(uint64_t& into, Wait&& wait);

  const hw::Design& design_;
  hw::Chip& chip_;
  const Mapping& mapping_;
  const OpPlan& op_;
  uint64_t batch_;
  hw::EventCounts& counts_;
  StepWaits waits_;  // its threads' queueing at shared units (before run_, which adds to it)
  StepRunner run_;  // executes the recipes of sim/analytical/Steps.h on the chip
  std::vector<SampleProgress*> inputs_;
  std::vector<SampleProgress*> consumers_;
  uint64_t buffer_depth_ = 1;
  uint64_t partial_sum_depth_ = 1;  // pipelined: samples dispatched but not yet reduced, at most
  SampleProgress started_, ready_;
  SampleProgress dispatched_;  // pipelined, not relayed: samples sent (relayed: each Relay::sent)
  SampleProgress reduced_;  // pipelined: samples whose partial sums the collector has reduced
  std::vector<std::vector<std::unique_ptr<MvmStage>>> stages_;  // per mvm, per replica
  std::vector<uint64_t> last_job_;  // pipelined: per sample, its last job on its replica
  uint64_t first_start_ = 0, last_end_ = 0;
  std::vector<uint64_t> start_, finish_;
  std::vector<ThreadTime> threads_;  // run; or dispatch, collect (then relay0, relay1, ... when relayed)
  // A relayed op's copy: the samples its first tile holds whole, waiting for their rows to go out to
  // the copy's tiles, and the samples it has sent on (its k-th is sample replica + k·copies).
  struct Relay {
    hw::TileId tile;
    bool hop = false;  // false where the copy's first tile is the input's own: nothing to relay
    std::deque<uint64_t> waiting;
    sc_core::sc_event arrived, taken;
    SampleProgress sent;
  };
  std::vector<std::unique_ptr<Relay>> relays_;  // empty unless relayed
  std::deque<sc_core::sc_time> fetched_;  // fetchLoop: arrival of each sample's rows, not yet used
  sc_core::sc_event fetch_issued_;
};

}  // namespace autorac::sim
