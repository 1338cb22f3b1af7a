#include "hw/Pe.h"

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

}  // namespace

Pe::Pe(sc_core::sc_module_name name, const Design& design, const Clock& clock, const AdcGroupFactory& make_adc_group)
    : sc_module(name),
      shift_add_(clock, std::string(basename()) + ".shift_add", shiftAddPoolSlots(design), Resource::Order::Index) {
  const std::string me = this->name();
  for (int g = 0; g < design.adcGroupsPerPe(); ++g) {
    const std::string group = me + ".adc_group" + std::to_string(g);
    adc_groups_.push_back(make_adc_group ? make_adc_group(design, clock, group)
                                         : std::make_unique<ResourceAdcGroup>(clock, group));
  }
  for (int x = 0; x < design.pe.crossbars; ++x) {
    AdcGroup& group = *adc_groups_[size_t(x / design.adc.crossbars_per_group)];
    crossbars_.push_back(
        std::make_unique<CrossbarUnit>(("xbar" + std::to_string(x)).c_str(), design, clock, x, group, shift_add_));
  }
}

void Pe::trace(sc_core::sc_trace_file* tf) {
  for (auto& g : adc_groups_) g->trace(tf);
  shift_add_.trace(tf);
  for (auto& x : crossbars_) x->trace(tf);
}

}  // namespace autorac::hw
