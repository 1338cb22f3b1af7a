#include "hw/Design.h"

#include <cmath>

namespace autorac::hw {

double Design::adcScale() const { return std::pow(adc.scale_per_bit, adc.bits - adc.reference_bits); }

}  // namespace autorac::hw
