#pragma once
// Runs the steps of sim/analytical/Steps.h on the SystemC chip, from the calling SC_THREAD: a step holds its
// tile's eDRAM, bus or vector unit for the cycles StageCosts gives it (queueing behind other users),
// or crosses the interconnect, and counts its events. Pass it to a recipe as the step callback.
#include <systemc>

#include "hw/Chip.h"
#include "hw/EventCounts.h"
#include "sim/analytical/StageCosts.h"
#include "sim/analytical/Steps.h"

namespace autorac::sim {

class StepRunner {
public:
  StepRunner(const hw::Design& design, hw::Chip& chip, hw::EventCounts& counts)
      : cost_{design}, chip_(chip), counts_(counts) {}

  // `values`: what an interconnect step carries in a functional run (hw/PacketValues.h), else null.
  void operator()(const Step& s, const hw::PacketValues* values = nullptr) const {
    switch (s.unit) {
      case Step::Unit::Interconnect:
        chip_.interconnect().transfer(s.at, s.to, s.amount, counts_, values);  // counts its own flits
        return;
      case Step::Unit::Edram: chip_.tile(s.at).edram().use(cost_.cycles(s)); break;
      case Step::Unit::Bus: chip_.tile(s.at).bus().use(cost_.cycles(s)); break;
      case Step::Unit::VectorUnit: chip_.tile(s.at).vectorUnit().use(cost_.cycles(s)); break;
    }
    cost_.countEvents(s, counts_);
  }

  // The step callback for a recipe whose one transfer carries `values` (null: sizes only).
  auto carrying(const hw::PacketValues* values) const {
    return [this, values](const Step& s) { (*this)(s, s.unit == Step::Unit::Interconnect ? values : nullptr); };
  }

private:
  StageCosts cost_;
  hw::Chip& chip_;
  hw::EventCounts& counts_;
};

}  // namespace autorac::sim
