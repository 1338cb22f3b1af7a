#include "hw/Design.h"

#include <cmath>

namespace autorac::hw {

int Design::adcConversionCycles() const {
  if (adc.kind == AdcKind::Flash) return adc.conversion_cycles;
  return int(std::ceil(double(adc.conversion_cycles) * adc.bits / adc.reference_bits - 1e-9));
}

}  // namespace autorac::hw
