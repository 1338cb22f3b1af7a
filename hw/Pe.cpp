#include "hw/Pe.h"

#include "hw/MvmGeometry.h"
#include "hw/ResourceAdcGroup.h"

#include <algorithm>
#include <limits>
#include <string>

namespace autorac::hw {
namespace {

// The pool's slots as an int. Units × t_adc can pass 2^31 (4,096 units of a 1,048,576-cycle ADC)
// when the design is legal; a PE's ADCs never ask for more than adcsPerPe() slots at once, so a
// pool capped at INT_MAX behaves the same.
int shiftAddPoolSlots(const Design& d) {
  return int(std::min<int64_t>(d.shiftAddSlots(), std::numeric_limits<int>::max()));
}

// The S+A pool arbitrates same-cycle requests by crossbar index only when they can outnumber its slots:
// when every ADC of the PE can hold one at once, each request is granted the cycle it is made either
// way, and granting it at once spares the quiet-point arbitration (on isaac's MLP at batch 1,024,
// 0.68 s of CPU with it, 0.56-0.59 s without: docs/rtl.md).
Resource::Order shiftAddOrder(const Design& d) {
  return int64_t(d.pe.crossbars) * d.adc.adcs_per_group > d.shiftAddSlots() ? Resource::Order::Index
                                                                             : Resource::Order::Arrival;
}

// The output register's bits as an int (a register of 2^28 bytes or more behaves as if unbounded).
int outputRegisterSlots(const Design& d) {
  return int(std::min<int64_t>(MvmGeometry::outputRegisterBits(d), std::numeric_limits<int>::max()));
}

}  // namespace

Pe::Pe(sc_core::sc_module_name name, const Design& design, const Clock& clock, const AdcGroupFactory& make_adc_group)
    : sc_module(name),
      shift_add_(clock, std::string(basename()) + ".shift_add", shiftAddPoolSlots(design), shiftAddOrder(design)),
      output_register_(clock, std::string(basename()) + ".output_register", outputRegisterSlots(design)) {
  for (int g = 0; g < design.adcGroupsPerPe(); ++g) {
    const std::string group = "adc_group" + std::to_string(g);
    adc_groups_.push_back(make_adc_group ? make_adc_group(design, clock, group.c_str(), shift_add_)
                                         : std::make_unique<ResourceAdcGroup>(group.c_str(), design, clock, shift_add_));
  }
  for (int x = 0; x < design.pe.crossbars; ++x) {
    crossbars_.push_back(
        std::make_unique<CrossbarUnit>(("xbar" + std::to_string(x)).c_str(), design, clock, x, output_register_));
    // Bound in crossbar order: a crossbar's binding index in its group orders its same-cycle requests.
    crossbars_.back()->to_adc_group.bind(adc_groups_[size_t(x / design.adc.crossbars_per_group)]->from_crossbars);
  }
}

void Pe::trace(sc_core::sc_trace_file* tf) {
  for (auto& g : adc_groups_) g->trace(tf);
  shift_add_.trace(tf);
  output_register_.trace(tf);
  for (auto& x : crossbars_) x->trace(tf);
}

}  // namespace autorac::hw
