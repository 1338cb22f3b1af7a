#pragma once
// Runs one mapped fc op for every sample of the batch (HARDWARE.md §2.6, §4): the input vector goes
// from the home tile's eDRAM over the interconnect and each tile's bus into the PEs' input registers;
// each crossbar computes its block; partial sums go through the output register and the bus (and the
// interconnect, from a remote tile) to the home tile's vector unit, which reduces the row blocks,
// corrects the offsets and applies the activation; the result is written to the eDRAM and handed to
// the consumers (or sent off chip). Samples pipeline: an input register accepts sample n+1 once its
// crossbars have started sample n, so a crossbar never idles for want of the next input.
#include <cstdint>
#include <deque>
#include <memory>
#include <vector>

#include <systemc>

#include "hw/Chip.h"
#include "hw/EventCounts.h"
#include "sim/Mapping.h"
#include "sim/SampleProgress.h"

namespace autorac::sim {

class FcOpRunner : public sc_core::sc_module {
public:
  FcOpRunner(sc_core::sc_module_name name, const hw::Design& design, hw::Chip& chip, const OpMapping& op,
             uint64_t batch, hw::EventCounts& counts, SampleProgress& input_ready);

  SampleProgress& dispatched() { return dispatched_; }  // samples whose inputs reached every crossbar
  SampleProgress& ready() { return ready_; }            // samples whose outputs are written
  uint64_t firstStartCycle() const { return first_start_; }
  uint64_t lastEndCycle() const { return last_end_; }
  const std::vector<uint64_t>& finishCycles() const { return finish_; }

private:
  struct Drain {
    hw::CrossbarUnit* unit;
    const CrossbarAssignment* assignment;
    std::deque<uint64_t> done;
    sc_core::sc_event arrived;
  };
  void distribute();
  void drain(Drain& d);
  void collect();
  int64_t edramCycles(int64_t bits) const;

  const hw::Design& design_;
  hw::Chip& chip_;
  const OpMapping& op_;
  uint64_t batch_;
  hw::EventCounts& counts_;
  SampleProgress& input_ready_;
  SampleProgress dispatched_, ready_;
  std::vector<std::unique_ptr<Drain>> drains_;
  std::vector<int> partials_;  // per sample: partial-sum blocks arrived at the home tile
  sc_core::sc_event partial_arrived_;
  uint64_t first_start_ = 0, last_end_ = 0;
  std::vector<uint64_t> finish_;
};

}  // namespace autorac::sim
