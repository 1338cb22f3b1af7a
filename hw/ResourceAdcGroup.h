#pragma once
// The project's model of an ADC group: a 1-slot hw::Resource granting same-cycle requests lowest
// crossbar index first (Order::Index), held T_conv = ceil(C_used / adcs_per_group) · t_adc per slice.
#include <map>
#include <string>

#include "hw/AdcGroup.h"
#include "hw/Clock.h"
#include "hw/Design.h"
#include "hw/MvmGeometry.h"
#include "hw/Resource.h"

namespace autorac::hw {

class ResourceAdcGroup final : public AdcGroup {
public:
  ResourceAdcGroup(const Design& d, const Clock& clock, const std::string& name)
      : design_(d), clock_(clock), resource_(clock, name, 1, Resource::Order::Index) {}

  void acquire(int requester, int64_t cols_used) override {
    resource_.acquire(1, requester);
    cols_[requester] = cols_used;
  }
  void convert(int requester) override { sc_core::wait(clock_.cycles(conversionCycles(design_, cols_.at(requester)))); }
  void release(int) override { resource_.release(); }

  uint64_t busySlotCycles() const override { return resource_.busySlotCycles(); }
  uint64_t grants() const override { return resource_.grants(); }
  uint64_t waitCycles() const override { return resource_.waitCycles(); }
  uint64_t contendedGrants() const override { return resource_.contendedGrants(); }
  void trace(sc_core::sc_trace_file* tf) override { resource_.trace(tf); }

private:
  const Design& design_;
  const Clock& clock_;
  Resource resource_;
  std::map<int, int64_t> cols_;  // per requester: the columns of the slice it holds the group for
};

}  // namespace autorac::hw
