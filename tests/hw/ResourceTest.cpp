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

// Order::Index (the ADC groups and S+A pool of a PE): requests of one cycle go lowest index first,
// whichever delta cycle they came in; an older request still goes before them.
TEST(Resource, IndexOrderServesACyclesRequestsByIndexWhateverTheDelta) {
  Resource r(clock(), "unit", 1, Resource::Order::Index);
  std::vector<int> served;
  auto user = [&](int index, int64_t at, int deltas) {
    sc_core::sc_spawn([&r, &served, index, at, deltas] {
      sc_core::wait(clock().cycles(at));
      for (int d = 0; d < deltas; ++d) sc_core::wait(sc_core::SC_ZERO_TIME);
      r.acquire(1, index);
      served.push_back(index);
      sc_core::wait(clock().cycles(10));
      r.release(1);
    });
  };
  user(2, 0, 0);  // first in kernel order, last by index
  user(1, 0, 1);
  user(0, 0, 3);
  user(7, 15, 0);  // waits from cycle 15: older than the two below, which ask as the unit frees at 30
  user(4, 30, 2);
  user(3, 30, 0);
  sc_core::sc_start();
  EXPECT_EQ(served, (std::vector<int>{0, 1, 2, 7, 3, 4}));
  EXPECT_EQ(r.grants(), 6u);
  EXPECT_EQ(r.contendedGrants(), 5u);
  EXPECT_EQ(r.waitCycles(), 10u + 20u + 15u + 10u + 20u);
}

}  // namespace
}  // namespace autorac::hw
