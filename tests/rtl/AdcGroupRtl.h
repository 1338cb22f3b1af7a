#pragma once
// The verilated configurations of rtl/adc_share_sequencer.sv and a runner that drives one of them
// with AdcGroupDriver. Kept apart from the test so that no file includes both Verilator's and SystemC's
// headers (verilated_funcs.h then expects a global sc_time_stamp()).
#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "AdcGroupStimulus.h"

namespace autorac::rtl {

struct SequencerVariant {
  std::string prefix;  // the verilated model, V<...>
  int n = 0, adcs_per_group = 0, t_adc = 0, col_bits = 0;
};
inline void PrintTo(const SequencerVariant& v, std::ostream* os) {
  *os << v.prefix << " (N=" << v.n << ", ADCS_PER_GROUP=" << v.adcs_per_group << ", T_ADC=" << v.t_adc << ")";
}
// Every configuration rtl/CMakeLists.txt verilates, with the parameters it was built with.
const std::vector<SequencerVariant>& sequencerVariants();

struct RtlRun {
  GroupSchedule schedule;
  std::vector<int> order;  // crossbar indices in the order the group served them
  int64_t ties = 0;        // cycles in which two or more crossbars requested together
};

// Resets the sequencer and runs `stim` until every job completed; `name` names the optional VCD.
RtlRun runSequencerRtl(const SequencerVariant& v, const std::string& name, const GroupStimulus& stim, int64_t t_read,
                       int64_t t_sa);

}  // namespace autorac::rtl
