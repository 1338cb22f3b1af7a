#pragma once
// A verilated rtl/adc_share_sequencer.sv behind a plain interface: no file may include both Verilator's
// and SystemC's headers (verilated_funcs.h then expects a global sc_time_stamp()), so the SystemC side
// (cosim/RtlAdcGroup) reaches the model only through this. One call to evaluate() settles the current
// cycle with its requests; tick() ends it.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "hw/Design.h"

namespace autorac::cosim {

class AdcSequencerRtl {
public:
  struct Outputs {
    uint64_t grant = 0, done = 0, pending = 0;  // bit i: crossbar i of the group
    bool start = false;
    int start_idx = 0;
    bool busy = false;
  };
  virtual ~AdcSequencerRtl() = default;
  // Bit i of `req`: crossbar i latched a slice this cycle; `cols[i]` its C_used.
  virtual Outputs evaluate(uint64_t req, const std::vector<int64_t>& cols) = 0;
  virtual void tick() = 0;
};

// The verilated configurations (rtl/CMakeLists.txt), one line each, for help and errors.
std::string adcSequencerBuilds();
// A sequencer verilated for design `d`'s ADC group (adc.crossbars_per_group, adcs_per_group, t_adc at
// its bits, the crossbar's columns), or null when none was; `name` names its VCD (AUTORAC_RTL_VCD).
std::unique_ptr<AdcSequencerRtl> makeAdcSequencerRtl(const hw::Design& d, const std::string& name);
// Which configuration makeAdcSequencerRtl() takes for `d` ("" when none).
std::string adcSequencerBuildFor(const hw::Design& d);

}  // namespace autorac::cosim
