#define SC_INCLUDE_DYNAMIC_PROCESSES
// The shared-resource primitive: one user at a time per slot, first come first served.
#include <gtest/gtest.h>

#include <vector>

#include <systemc>

#include "hw/Clock.h"
#include "hw/Resource.h"

namespace autorac::hw {
namespace {

// The test process's one simulation clock: 1 ns, so a cycle is a nanosecond.
const Clock& clock() {
  static const Clock c(sc_core::sc_time(1, sc_core::SC_NS));
  return c;
}

TEST(Resource, ServesOneUserPerSlotInRequestOrder) {
  Resource r(clock(), "unit", 1);
  std::vector<std::pair<int, uint64_t>> finished;
  for (int user = 0; user < 3; ++user) {
    sc_core::sc_spawn([&r, &finished, user] {
      sc_core::wait(clock().cycles(user));  // users arrive at cycles 0, 1, 2
      r.use(10);
      finished.push_back({user, clock().nowCycles()});
    });
  }
  sc_core::sc_start();
  ASSERT_EQ(finished.size(), 3u);
  EXPECT_EQ(finished[0], std::make_pair(0, uint64_t(10)));
  EXPECT_EQ(finished[1], std::make_pair(1, uint64_t(20)));
  EXPECT_EQ(finished[2], std::make_pair(2, uint64_t(30)));
  EXPECT_EQ(r.busySlotCycles(), 30u);
  EXPECT_EQ(r.waitCycles(), 9u + 18u);  // user 1 waits 9 cycles, user 2 waits 18
  EXPECT_EQ(r.contendedGrants(), 2u);
}

TEST(Resource, SlotsServeSeveralUsersAtOnce) {
  Resource r(clock(), "pool", 2);
  std::vector<uint64_t> finished;
  for (int user = 0; user < 4; ++user)
    sc_core::sc_spawn([&r, &finished] {
      r.use(5);
      finished.push_back(clock().nowCycles());
    });
  sc_core::sc_start();
  EXPECT_EQ(finished, (std::vector<uint64_t>{5, 5, 10, 10}));
}

}  // namespace
}  // namespace autorac::hw
