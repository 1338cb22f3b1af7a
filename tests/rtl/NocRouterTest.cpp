// rtl/noc_router.sv against hw::noc::Router, the router hw::noc::MeshCore steps (layer 3 of the router
// harness, docs/rtl.md), with rtl/noc_link.sv on its mesh outputs against MeshCore's link timing:
// random traffic and directed corner cases, every flit on the same output in the same cycle and at
// the far end of its link L - 1 cycles later (NocLockStep). Each verilated configuration runs every
// test; the last two show that one cycle more of router or link latency in the reference alone is
// caught.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <random>
#include <string>

#include "NocLockStep.h"
#include "Vnoc_router.h"
#include "Vnoc_routerParams.h"
#include "Vnoc_router_b2r1.h"
#include "Vnoc_router_b2r1Params.h"
#include "Vnoc_router_max.h"
#include "Vnoc_router_maxParams.h"
#include "Vnoc_link_f128_l4.h"
#include "Vnoc_link_f128_l4Params.h"
#include "Vnoc_link_f32_l1.h"
#include "Vnoc_link_f32_l1Params.h"
#include "Vnoc_link_f32_l2.h"
#include "Vnoc_link_f32_l2Params.h"

namespace autorac::rtl {
namespace {

using hw::noc::kEast;
using hw::noc::kLocal;
using hw::noc::kNorth;
using hw::noc::kSouth;
using hw::noc::kWest;

// A verilated router configuration and the verilated links on its outputs (whose L the harness's
// upstream sources play on the inputs too).
template <class M, class P, class LM, class LP>
struct Variant {
  using Model = M;
  using Params = P;
  using LinkModel = LM;
  using LinkParams = LP;
  static constexpr int kLink = LP::LINK_CYCLES;
};
// isaac's router (B = 8, R = 2, 32-bit flits, L = 1); a credit-throttled one (B = 2 < R + 2L with
// R = 1, L = 2); the largest verilated (B = 32, R = 8, 128-bit flits, L = 4).
using Variants = ::testing::Types<Variant<Vnoc_router, Vnoc_routerParams, Vnoc_link_f32_l1, Vnoc_link_f32_l1Params>,
                                  Variant<Vnoc_router_b2r1, Vnoc_router_b2r1Params, Vnoc_link_f32_l2, Vnoc_link_f32_l2Params>,
                                  Variant<Vnoc_router_max, Vnoc_router_maxParams, Vnoc_link_f128_l4, Vnoc_link_f128_l4Params>>;

template <class V>
class NocRouterRtl : public ::testing::Test {
protected:
  using LockStep = NocLockStep<typename V::Model, typename V::Params, typename V::LinkModel, typename V::LinkParams>;
  static NocLockStepConfig config(int reference_router_cycles = V::Params::ROUTER_CYCLES, int reference_link_cycles = V::kLink) {
    NocLockStepConfig c;
    c.link_cycles = reference_link_cycles;
    c.reference_router_cycles = reference_router_cycles;
    return c;
  }
  static std::string name(const std::string& test) {
    return "noc_router_b" + std::to_string(V::Params::BUFFER_FLITS) + "_r" + std::to_string(V::Params::ROUTER_CYCLES) +
           "_" + test;
  }
  // AUTORAC_SEED=<n> replays a failing random run.
  static uint64_t seed(uint64_t fallback) {
    const char* s = std::getenv("AUTORAC_SEED");
    return s ? std::strtoull(s, nullptr, 10) : fallback;
  }
};
TYPED_TEST_SUITE(NocRouterRtl, Variants);

// Random legal XY traffic into all five inputs; every 1,000-3,000 cycles the load of each source and
// the behaviour of each downstream buffer (prompt, slow, starving) are drawn again.
template <class LockStep>
std::string randomTraffic(LockStep& ls, int64_t cycles, uint64_t seed) {
  std::mt19937_64 rng(seed ^ 0x9e3779b97f4a7c15ull);
  auto chance = [&rng](double p) { return std::uniform_real_distribution<double>(0, 1)(rng) < p; };
  auto pick = [&rng](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  int64_t next_phase = 0;
  std::array<double, 5> rate{};
  return ls.run(cycles, [&](int64_t t) {
    if (t == next_phase) {
      next_phase = t + pick(1000, 3000);
      for (int p = 0; p < 5; ++p) {
        static constexpr double kOffer[] = {0.0, 0.3, 0.7, 1.0, 1.0};
        static constexpr int kHold[] = {0, 0, 1, 4, 30};
        ls.offer[p] = kOffer[pick(0, 4)];
        rate[p] = ls.offer[p] > 0 ? 0.05 * pick(1, 8) : 0;
        ls.hold[p] = kHold[pick(0, 4)];
        if (chance(0.1)) ls.starve_until[p] = t + pick(20, 400);
      }
    }
    for (int in = 0; in < 5; ++in) {
      if (ls.queued(in) > 40 || !chance(rate[in])) continue;
      const auto [dx, dy] = ls.legalDestination(in, rng);
      ls.queuePacket(in, dx, dy, chance(0.1) ? pick(7, 24) : pick(1, 6));
    }
  });
}

TYPED_TEST(NocRouterRtl, RandomTrafficLeavesOnTheSamePortInTheSameCycle) {
  const uint64_t seed = this->seed(20261202);
  typename TestFixture::LockStep ls(this->name("random"), this->config(), seed);
  const int64_t cycles = 100000;
  const std::string err = randomTraffic(ls, cycles, seed);
  ASSERT_EQ(err, "");
  for (int o = 0; o < 5; ++o) EXPECT_GT(ls.flitsOut(o), uint64_t(cycles) / 50) << "output " << o << " (seed " << seed << ")";
  EXPECT_GT(ls.fullBufferCycles(), 1000u) << "back-pressure should fill buffers at times (seed " << seed << ")";
  EXPECT_GT(ls.heldFlits(), 1000u);
  ::testing::Test::RecordProperty("cycles", int(cycles));
  ::testing::Test::RecordProperty("flits", int(ls.flitsOut()));
}

// All five inputs want the local output at once: packets leave whole, one input after the other in
// round-robin order (0 1 2 3 4 0 1 ...), back to back.
TYPED_TEST(NocRouterRtl, AllInputsContendingForOneOutputTakeTurnsPacketByPacket) {
  typename TestFixture::LockStep ls(this->name("all_to_local"), this->config(), 1);
  const int packets = 3, flits = 4;
  for (int in = 0; in < 5; ++in)
    for (int k = 0; k < packets; ++k) ls.queuePacket(in, 2, 2, flits);  // packet id in * packets + k
  ASSERT_EQ(ls.run(600), "");
  ASSERT_TRUE(ls.idle());
  std::vector<uint32_t> expected;
  for (int k = 0; k < packets; ++k)
    for (int in = 0; in < 5; ++in) expected.push_back(uint32_t(in * packets + k));
  EXPECT_EQ(ls.packetsOut(kLocal), expected);
  const auto& d = ls.departures(kLocal);
  ASSERT_EQ(d.size(), size_t(5 * packets * flits));
  const int B = TypeParam::Params::BUFFER_FLITS, R = TypeParam::Params::ROUTER_CYCLES, L = TypeParam::kLink;
  if (B >= R + 2 * L) {  // below the credit round trip the links cannot keep a packet's flits coming
    EXPECT_EQ(d.back() - d.front() + 1, int64_t(d.size())) << "the output should never idle while inputs wait";
  }
}

// Four inputs (all but the one it leads back to) want output South, whose downstream is slow.
TYPED_TEST(NocRouterRtl, FourInputsContendingForASlowOutput) {
  typename TestFixture::LockStep ls(this->name("four_to_south"), this->config(), 2);
  for (int in : {kLocal, kEast, kWest, kNorth})
    for (int k = 0; k < 4; ++k) ls.queuePacket(in, 2, 3 + k % 2, 3 + k);
  ls.hold[kSouth] = 6;
  ASSERT_EQ(ls.run(2000), "");
  EXPECT_TRUE(ls.idle());
  EXPECT_EQ(ls.packetsOut(kSouth).size(), 16u);
}

// The downstream of East frees nothing for 400 cycles: East's credits run out after B flits, the
// local and west buffers fill and stay full (in_ready low, no upstream credits), then everything drains.
TYPED_TEST(NocRouterRtl, FullBuffersHoldBackTheSourcesUntilCreditsReturn) {
  typename TestFixture::LockStep ls(this->name("back_pressure"), this->config(), 3);
  const int B = TypeParam::Params::BUFFER_FLITS;
  for (int k = 0; k < 6; ++k) {
    ls.queuePacket(kLocal, 4, 2, 2 * B);
    ls.queuePacket(kWest, 3, 1 + k % 3, 2 * B);
  }
  ls.starve_until[kEast] = 400;
  ASSERT_EQ(ls.run(380), "");
  EXPECT_EQ(ls.flitsOut(kEast), uint64_t(B)) << "only the credits the downstream had";
  EXPECT_GT(ls.fullBufferCycles(), 300u);
  ASSERT_EQ(ls.run(20000), "");
  EXPECT_TRUE(ls.idle());
  EXPECT_EQ(ls.flitsOut(kEast), uint64_t(12 * 2 * B));
}

// Credits come back one at a time, far apart: each East flit waits for one, and the lock-step holds
// through every starved cycle; a second flow to North is not held up by it.
TYPED_TEST(NocRouterRtl, CreditStarvationThrottlesOnlyTheStarvedOutput) {
  typename TestFixture::LockStep ls(this->name("credit_starvation"), this->config(), 4);
  const int B = TypeParam::Params::BUFFER_FLITS;
  ls.queuePacket(kWest, 4, 2, 4 * B);
  ls.queuePacket(kSouth, 2, 0, 4 * B);
  ls.hold[kEast] = 0;
  ls.starve_until[kEast] = 100;
  ASSERT_EQ(ls.run(100 + TypeParam::kLink), "");
  EXPECT_EQ(ls.flitsOut(kEast), uint64_t(B));
  EXPECT_GE(ls.flitsOut(kNorth), uint64_t(std::min(4 * B, 60))) << "North is not held up by East";
  for (int k = 0; k < 3 * B; ++k) {
    ls.starve_until[kEast] = ls.cycle() + 25;  // the next slot frees 25 cycles from now
    ASSERT_EQ(ls.run(25), "");
  }
  ASSERT_EQ(ls.run(2000), "");
  EXPECT_TRUE(ls.idle());
}

// Proof the harness can fail: the reference router one cycle slower than the RTL (router_cycles + 1,
// nothing else changed) must be caught, on random traffic and on a lone packet.
TYPED_TEST(NocRouterRtl, OneCycleMoreRouterLatencyInTheReferenceIsCaught) {
  const int R = TypeParam::Params::ROUTER_CYCLES;
  {
    typename TestFixture::LockStep ls(this->name("mutant_random"), this->config(R + 1), 5);
    const std::string err = randomTraffic(ls, 5000, 5);
    EXPECT_NE(err, "");
    EXPECT_NE(err.find("seed 5"), std::string::npos) << err;
  }
  typename TestFixture::LockStep lone(this->name("mutant_lone"), this->config(R + 1), 6);
  lone.queuePacket(kLocal, 3, 2, 1);
  const std::string err = lone.run(50);
  EXPECT_NE(err.find("cycle " + std::to_string(1 + R) + ")"), std::string::npos)
      << "the flit leaves at 1 + R in the RTL, a cycle later in the reference: " << err;
}

// The same for the links: the reference's links one cycle longer than the verilated ones (the router
// unchanged) must be caught where the first flit reaches the far end of its link.
TYPED_TEST(NocRouterRtl, OneCycleMoreLinkLatencyInTheReferenceIsCaught) {
  const int R = TypeParam::Params::ROUTER_CYCLES, L = TypeParam::kLink;
  typename TestFixture::LockStep lone(this->name("mutant_link"), this->config(R, L + 1), 7);
  lone.queuePacket(kLocal, 3, 2, 1);  // one flit, out East
  const std::string err = lone.run(50);
  EXPECT_NE(err.find("cycle " + std::to_string(1 + R + L - 1) + "): link " + std::to_string(kEast) + " delivers"), std::string::npos)
      << "the flit leaves East at 1 + R and reaches the far end L - 1 later in the RTL, a cycle later in the reference: "
      << err;
  {
    typename TestFixture::LockStep ls(this->name("mutant_link_random"), this->config(R, L + 1), 8);
    EXPECT_NE(randomTraffic(ls, 5000, 8), "");
  }
}

}  // namespace
}  // namespace autorac::rtl
