#pragma once
// Simulation time is kept in whole clock cycles of the design's clock. SystemC runs at femtosecond
// resolution so that the period of any clock given in GHz with up to six decimals is exact.
#include <cstdint>

#include <systemc>

#include "hw/Resource.h"

namespace autorac::hw {

inline sc_core::sc_time cycles(int64_t n) {
  return sc_core::sc_time::from_value(Resource::clockPeriod().value() * uint64_t(n));
}
inline uint64_t nowCycles() { return Resource::toCycles(sc_core::sc_time_stamp()); }

}  // namespace autorac::hw
