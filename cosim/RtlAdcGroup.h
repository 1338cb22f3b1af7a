#pragma once
// A verilated rtl/adc_share_sequencer.sv as a PE's ADC group (pimsim --rtl adcseq): the factory that
// hw::Pe builds its groups with. Plain C++ here (the SystemC side is in RtlAdcGroup.cpp, the verilated
// model behind cosim/AdcSequencerRtl.h), so that cosim/RtlBlocks.cpp, which includes Verilator's
// headers, can name it.
#include "hw/AdcGroupFactory.h"

namespace autorac::cosim {

// `model_skew_cycles` lengthens the model's T_conv against the RTL's: only for the test that shows
// such a disagreement stops the run.
hw::AdcGroupFactory rtlAdcGroups(int model_skew_cycles = 0);

}  // namespace autorac::cosim
