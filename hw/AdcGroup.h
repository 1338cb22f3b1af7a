#pragma once
// The seam of one ADC group (HARDWARE.md §2.3): the crossbars of a PE that share it ask it for each
// latched slice, in the order hw::CrossbarUnit's converter takes its steps:
//     acquire(i, C_used)  returns once the group grants crossbar i (same-cycle requests lowest index
//                         first), then the converter takes its S+A slots;
//     convert(i, T_conv)  returns when the conversion is over, T_conv (the model's, from the
//                         crossbar) after the grant;
//     release(i)          frees the group, after the S+A slots.
// hw::ResourceAdcGroup is the project's model (a 1-slot hw::Resource); cosim/RtlAdcGroup runs the
// verilated rtl/adc_share_sequencer.sv in its place (pimsim --rtl adcseq). Plain C++ here, so that code
// including Verilator's headers can name it.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace sc_core {
class sc_trace_file;
}

namespace autorac::hw {

struct Design;
class Clock;

class AdcGroup {
public:
  virtual ~AdcGroup() = default;
  virtual void acquire(int requester, int64_t cols_used) = 0;
  virtual void convert(int requester, int64_t t_conv) = 0;
  virtual void release(int requester) = 0;

  // Activity, as hw::Resource counts it: slot-cycles held, grants, cycles requests waited, grants
  // that waited a cycle or more. One slot.
  virtual uint64_t busySlotCycles() const = 0;
  virtual uint64_t grants() const = 0;
  virtual uint64_t waitCycles() const = 0;
  virtual uint64_t contendedGrants() const = 0;
  int slots() const { return 1; }
  virtual void trace(sc_core::sc_trace_file* tf) = 0;
};

// Builds the ADC group `name` of a PE for design `d`; an empty factory means hw::ResourceAdcGroup.
using AdcGroupFactory =
    std::function<std::unique_ptr<AdcGroup>(const Design& d, const Clock& clock, const std::string& name)>;

}  // namespace autorac::hw
