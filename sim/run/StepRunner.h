#pragma once
// Runs the steps of sim/analytical/Steps.h on the SystemC chip, from the calling SC_THREAD: a step holds its
// tile's eDRAM, bus or vector unit for the cycles StageCosts gives it (queueing behind other users),
// or crosses the interconnect, and counts its events. Pass it to a recipe as the step callback.
#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>

#include <systemc>

#include "hw/Chip.h"
#include "hw/EventCounts.h"
#include "sim/analytical/AnalyticalModel.h"
#include "sim/analytical/StageCosts.h"
#include "sim/analytical/Steps.h"

namespace autorac::sim {

// An op's queueing at shared units, measured: each step's cycles beyond what it takes on a free unit
// (StageCosts::cycles: its own busy cycles, or a transfer's idle-network time), filed where
// queuedAt(step) files it, so that they can be set beside the twin's waits (OpEstimate::waitsAt).
// Signed and kept at 0 too: a step faster than on a free unit would be a model error, and shows as a
// negative wait rather than vanishing; every unit the op's threads used gets an entry.
class StepWaits {
public:
  void add(const Step& s, int64_t cycles) {
    const SharedUnit unit = queuedAt(s);
    auto& [u, total] = cycles_[unit.key()];
    u = unit, total += cycles;
  }
  std::map<std::string, int64_t> byUnit() const {  // by SharedUnit::name
    std::map<std::string, int64_t> out;
    for (const auto& [key, entry] : cycles_) out[entry.first.name()] += entry.second;
    return out;
  }

private:
  std::unordered_map<uint64_t, std::pair<SharedUnit, int64_t>> cycles_;
};

class StepRunner {
public:
  // `waits`: where to add the steps' queueing (null: not measured).
  StepRunner(const hw::Design& design, hw::Chip& chip, hw::EventCounts& counts, StepWaits* waits = nullptr)
      : cost_{design}, chip_(chip), counts_(counts), waits_(waits) {}

  // `values`: what an interconnect step carries in a functional run (hw/PacketValues.h), else null.
  void operator()(const Step& s, const hw::PacketValues* values = nullptr) const {
    // A step's cycles on a free unit, computed once: what a unit step holds it for, and what a
    // measured step's time is set against (a transfer's idle time only when measured: a route walk).
    const int64_t own = s.unit != Step::Unit::Interconnect || waits_ ? cost_.cycles(s) : 0;
    const uint64_t from = waits_ ? chip_.clock().nowCycles() : 0;  // the drains' steps are not measured
    switch (s.unit) {
      case Step::Unit::Interconnect:
        chip_.interconnect().transfer(s.at, s.to, s.amount, counts_, values);  // counts its own flits
        break;
      case Step::Unit::Edram: chip_.tile(s.at).edram().use(own); break;
      case Step::Unit::Bus: chip_.tile(s.at).bus().use(own); break;
      case Step::Unit::VectorUnit: chip_.tile(s.at).vectorUnit().use(own); break;
    }
    if (s.unit != Step::Unit::Interconnect) cost_.countEvents(s, counts_);
    if (waits_) waits_->add(s, int64_t(chip_.clock().nowCycles() - from) - own);
  }

  // The step callback for a recipe whose one transfer carries `values` (null: sizes only).
  auto carrying(const hw::PacketValues* values) const {
    return [this, values](const Step& s) { (*this)(s, s.unit == Step::Unit::Interconnect ? values : nullptr); };
  }

private:
  StageCosts cost_;
  hw::Chip& chip_;
  hw::EventCounts& counts_;
  StepWaits* waits_;
};

}  // namespace autorac::sim
