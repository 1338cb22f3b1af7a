#pragma once
// The project's model of an ADC group: a 1-slot hw::Resource granting same-cycle requests lowest
// crossbar index first (Order::Index), held T_conv = ceil(C_used / adcs_per_group) · t_adc per slice.
#include <string>

#include "hw/AdcGroup.h"
#include "hw/Clock.h"
#include "hw/Resource.h"

namespace autorac::hw {

class ResourceAdcGroup final : public AdcGroup {
public:
  ResourceAdcGroup(const Clock& clock, const std::string& name)
      : clock_(clock), resource_(clock, name, 1, Resource::Order::Index) {}

  void acquire(int requester, int64_t) override { resource_.acquire(1, requester); }
  void convert(int, int64_t t_conv) override { sc_core::wait(clock_.cycles(t_conv)); }
  void release(int) override { resource_.release(); }

  uint64_t busySlotCycles() const override { return resource_.busySlotCycles(); }
  uint64_t grants() const override { return resource_.grants(); }
  uint64_t waitCycles() const override { return resource_.waitCycles(); }
  uint64_t contendedGrants() const override { return resource_.contendedGrants(); }
  void trace(sc_core::sc_trace_file* tf) override { resource_.trace(tf); }

private:
  const Clock& clock_;
  Resource resource_;
};

}  // namespace autorac::hw
