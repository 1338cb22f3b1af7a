#pragma once
// One crossbar group at work (HARDWARE.md §2.6, §4): an input vector goes from an eDRAM over the
// interconnect and each tile's bus into the input registers; every crossbar computes its block; the
// partial sums go through the output registers and the bus (and the interconnect from a remote tile)
// to their column block's reducer; reduce() then runs the reducers. A crossbar's share of its PE's
// input register holds as many vectors as fit (IR bytes / crossbars per PE over rows_used × act_bits
// bits); a vector occupies it until the crossbar has applied its last slice, and a full register
// stalls the dispatch (its producer). Jobs are numbered 0, 1, 2, ... per stage; awaitJob(j) returns
// once jobs 0..j have all their partial sums at their reducers.
// In a functional run the group's values travel the same path with the same transfers
// (carryValues, sim/run/StageValues.h).
// Not a module: it lives inside an op runner and spawns its drain and reducer processes there.
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <vector>

#include <systemc>

#include "hw/Chip.h"
#include "hw/EventCounts.h"
#include "sim/mapping/Mapping.h"
#include "sim/run/StageValues.h"
#include "sim/run/StepRunner.h"

namespace autorac::sim {

class MvmStage {
public:
  // `waits`: where the op's threads' queueing at shared units is added (the dispatch, a run-time
  // operand's write and the reduction; not the crossbars' drains, which run beside the threads).
  MvmStage(const hw::Design& design, hw::Chip& chip, const CrossbarGroup& group, int act_bits, hw::EventCounts& counts,
           StepWaits* waits = nullptr);

  // Functional runs: the group computes op's values, carried by its transfers. Call before the run.
  void carryValues(OpValues& op);
  const CrossbarGroup& group() const { return group_; }
  // Blocks while the input registers are full; returns the job number. `vector`: which of the op's
  // simulated input vectors it is (sample n's vector v: n·V + v), for the values it carries.
  uint64_t dispatch(hw::TileId source, uint64_t vector);
  void write(hw::TileId source);          // a dynamic operand into every crossbar, ahead of later jobs
  void awaitJob(uint64_t job);
  // The group's reductions of the `vectors` jobs from first_job on (recipe::reducerWork), every
  // reducer on its own tile at the same time; returns once each has sent its results to `op_home`.
  void reduce(hw::TileId op_home, uint64_t first_job, int64_t vectors);

private:
  struct Drain {
    size_t index;  // in group.crossbars
    hw::CrossbarUnit* unit;
    const CrossbarAssignment* assignment;
    std::deque<uint64_t> done;
    sc_core::sc_event arrived;
  };
  struct Reducer {
    size_t index;  // in group.reducers
    sc_core::sc_event go;
    bool pending = false;
  };
  void drain(Drain& d);
  void reducerLoop(Reducer& r);
  void reduceAt(size_t reducer, hw::TileId op_home, uint64_t first_job, int64_t vectors);
  void waitForRoom(hw::TileId tile);
  // A functional run's hook on the group's values, guarded (FunctionalRun::guard); nothing in a timing run.
  template <class Hook>
  void guarded(Hook&& hook) {
    if (values_) values_->op().run().guard([&] { hook(*values_); });
  }
  // What a hook gives a transfer to carry (null in a timing run, or after a failure).
  template <class Hook>
  const hw::PacketValues* carried(Hook&& hook) {
    const hw::PacketValues* packet = nullptr;
    guarded([&](StageValues& v) { packet = hook(v); });
    return packet;
  }

  const hw::Design& design_;
  hw::Chip& chip_;
  const CrossbarGroup& group_;
  int act_bits_;
  hw::EventCounts& counts_;
  StepRunner run_;    // executes the recipes of sim/analytical/Steps.h on the chip: the drains
  StepRunner timed_;  // the same, adding its queueing to the op's waits: the threads' steps
  std::vector<std::unique_ptr<Drain>> drains_;
  std::vector<int64_t> slots_;  // per drain (int64: a 1 GiB register holds billions of 1-row vectors): input vectors its crossbar's input register holds
  uint64_t next_job_ = 0, complete_ = 0;  // jobs 0..complete_-1 are complete
  std::map<uint64_t, size_t> arrived_;    // partial sums arrived per incomplete job
  sc_core::sc_event job_complete_;
  // With more than one reducer, one process each (with one, the caller does the work itself).
  std::vector<std::unique_ptr<Reducer>> reducers_;
  hw::TileId reduce_to_;
  uint64_t reduce_first_ = 0;
  int64_t reduce_vectors_ = 0;
  size_t reducing_ = 0;  // reducers still at work
  sc_core::sc_event reduced_;
  std::unique_ptr<StageValues> values_;  // functional runs only
};

}  // namespace autorac::sim
