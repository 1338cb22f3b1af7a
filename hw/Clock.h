#pragma once
// One simulation's clock. Simulation time is kept in whole cycles of the design's clock; SystemC runs
// at femtosecond resolution so that the period of any clock given in GHz with up to six decimals is
// exact. The simulation that elaborates the chip owns its Clock and hands it to every unit that turns
// cycles into SystemC time and back (nothing reads a process-wide period).
#include <cmath>
#include <cstdint>
#include <stdexcept>

#include <systemc>

namespace autorac::hw {

class Clock {
public:
  explicit Clock(const sc_core::sc_time& period) : period_(period.value()) {}
  // The clock of `ghz` GHz. SystemC's time resolution must already be 1 fs (what simulations set).
  static Clock ofGhz(double ghz) {
    return Clock(sc_core::sc_time::from_value(sc_core::sc_time::value_type(std::llround(1e6 / ghz))));
  }

  sc_core::sc_time period() const { return sc_core::sc_time::from_value(period_); }
  // A delay of n cycles. SystemC's kernel lets now + delay wrap around its 64-bit time silently, which
  // would under-report a run; pimsim refuses such runs up front (sim checkSimulatedTimeFits), and this
  // stops one the estimate under-predicted (std::overflow_error: pimsim's internal error, no report).
  sc_core::sc_time cycles(int64_t n) const {
    const uint64_t un = uint64_t(n), value = period_ * un;
    if (n < 0 || (un != 0 && value / un != period_) || value > ~sc_core::sc_time_stamp().value())
      throw std::overflow_error("simulated time past SystemC's 64-bit femtosecond range");
    return sc_core::sc_time::from_value(value);
  }
  uint64_t toCycles(const sc_core::sc_time& t) const { return t.value() / period_; }
  uint64_t nowCycles() const { return toCycles(sc_core::sc_time_stamp()); }

private:
  sc_core::sc_time::value_type period_;  // in units of SystemC's time resolution
};

}  // namespace autorac::hw
