#pragma once
// What a b-bit ADC returns for an ideal column value (HARDWARE.md §2.4). A value range that fits in b
// bits is converted exactly. Otherwise `clip` saturates at 2^b − 1, and `drop-lsb` keeps the top b of
// the range's bits: the low (range bits − b) bits read as zero, so the S+A sees a truncated value.
#include <cstdint>

#include "hw/Design.h"

namespace autorac::hw {

inline int bitsToHold(int64_t max_value) {
  int bits = 0;
  while ((max_value >> bits) != 0) ++bits;
  return bits;
}

inline int64_t adcConvert(int64_t value, int64_t max_value, int adc_bits, AdcLossMode mode) {
  const int range_bits = bitsToHold(max_value);
  if (range_bits <= adc_bits) return value;
  if (mode == AdcLossMode::Clip) {
    const int64_t top = (int64_t(1) << adc_bits) - 1;
    return value > top ? top : value;
  }
  const int shift = range_bits - adc_bits;
  return (value >> shift) << shift;
}

}  // namespace autorac::hw
