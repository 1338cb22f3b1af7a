// hw::Clock turns cycles into SystemC time; a delay SystemC's 64-bit femtoseconds cannot hold must
// stop the run, not wrap around into a time in the past (docs/reliability.md).
#include <gtest/gtest.h>

#include <limits>

#include "hw/Clock.h"

namespace autorac::hw {
namespace {

TEST(Clock, DelayPastSystemCsTimeRangeThrowsInsteadOfWrapping) {
  sc_core::sc_set_time_resolution(1, sc_core::SC_FS);
  const Clock clock = Clock::ofGhz(0.001);  // 1e9 fs per cycle: 2^64 fs is 1.8e10 cycles
  EXPECT_EQ(clock.cycles(1000).value(), uint64_t(1000) * 1000000000u);
  EXPECT_THROW(clock.cycles(int64_t(2e10)), std::overflow_error);
  EXPECT_THROW(clock.cycles(std::numeric_limits<int64_t>::max()), std::overflow_error);
  EXPECT_THROW(clock.cycles(-1), std::overflow_error);
}

}  // namespace
}  // namespace autorac::hw
