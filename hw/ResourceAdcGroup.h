#pragma once
// The project's model of an ADC group: a 1-slot hw::Resource granting same-cycle requests lowest
// crossbar index first (Order::Index), held T_conv = ceil(C_used / adcs_per_group) · t_adc per slice.
// A private group (hw::Design::privateAdcGroups) cannot tie, so it grants at once (Order::Arrival),
// sparing the quiet-point arbitration: 0.26 -> 0.47 s on isaac's MLP at batch 1,024 (docs/rtl.md).
#include "hw/AdcGroup.h"
#include "hw/Clock.h"
#include "hw/Design.h"
#include "hw/Resource.h"

namespace autorac::hw {

class ResourceAdcGroup final : public AdcGroup {
public:
  ResourceAdcGroup(sc_core::sc_module_name name, const Design& d, const Clock& clock, Resource& shift_add)
      : AdcGroup(name, shift_add, d.adc.adcs_per_group), clock_(clock), resource_(clock, this->name(), 1, d.privateAdcGroups() ? Resource::Order::Arrival : Resource::Order::Index) {}

  uint64_t busySlotCycles() const override { return resource_.busySlotCycles(); }
  uint64_t grants() const override { return resource_.grants(); }
  uint64_t waitCycles() const override { return resource_.waitCycles(); }
  uint64_t contendedGrants() const override { return resource_.contendedGrants(); }
  void trace(sc_core::sc_trace_file* tf) override { resource_.trace(tf); }

private:
  void acquire(int requester, int64_t) override { resource_.acquire(1, requester); }
  void convert(int, int64_t t_conv) override { sc_core::wait(clock_.cycles(t_conv)); }
  void release(int) override { resource_.release(); }

  const Clock& clock_;
  Resource resource_;
};

}  // namespace autorac::hw
