#pragma once
// How a PE builds its ADC groups (hw/AdcGroup.h): the project's hw::ResourceAdcGroup by default, a
// verilated rtl/adc_share_sequencer.sv for pimsim --rtl adcseq (cosim/RtlAdcGroup). Plain C++, with
// no SystemC header, so that code including Verilator's headers (cosim/RtlBlocks.cpp) can name it.
#include <functional>
#include <memory>

namespace autorac::hw {

struct Design;
class Clock;
class Resource;
class AdcGroup;

// Builds the ADC group `basename` as a child of the PE being elaborated, delivering its results to the
// PE's S+A pool `shift_add`; an empty factory means hw::ResourceAdcGroup.
using AdcGroupFactory = std::function<std::unique_ptr<AdcGroup>(const Design& d, const Clock& clock, const char* basename,
                                                                Resource& shift_add)>;

}  // namespace autorac::hw
