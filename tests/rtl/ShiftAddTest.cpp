// rtl/shift_add.sv against hw::FunctionalMvm (layer 3 of the S+A harness, docs/rtl.md): the exact
// conversion stream the functional model computes for random small matrices, replayed into the RTL
// one result per cycle with random bubbles; its accumulators must equal FunctionalMvm's accumulations
// before offset correction bit for bit, each result must appear shift_add.latency_cycles after its
// input, and a vector's sums exactly that long after its last result.
#include <gtest/gtest.h>

#include "tests/support/RandomIntegers.h"

#include <random>
#include <vector>

#include "rtl/drivers/ShiftAddDriver.h"
#include "Vshift_add.h"
#include "Vshift_addParams.h"
#include "Vshift_add_d2c3.h"
#include "Vshift_add_d2c3Params.h"
#include "hw/MvmGeometry.h"
#include "sim/design/DesignLoader.h"

// The verilated configurations (rtl/CMakeLists.txt), named briefly: CTest shows the type in test names.
struct ShiftAddB8D1C2 {
  using Model = Vshift_add;
  using Params = Vshift_addParams;
};
struct ShiftAddB5D2C3 {
  using Model = Vshift_add_d2c3;
  using Params = Vshift_add_d2c3Params;
};

namespace autorac::rtl {
namespace {

template <class Config>
class ShiftAddRtl : public ::testing::Test {};
using SaConfigs = ::testing::Types<ShiftAddB8D1C2, ShiftAddB5D2C3>;
TYPED_TEST_SUITE(ShiftAddRtl, SaConfigs);

using test::randomValues;

int pick(std::mt19937_64& rng, int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); }

TYPED_TEST(ShiftAddRtl, AccumulatesFunctionalMvmStreamBitForBitWithOneCycleLatency) {
  using Params = typename TypeParam::Params;
  TestBench<typename TypeParam::Model> tb(std::string("shift_add_") + ::testing::UnitTest::GetInstance()->current_test_info()->type_param());
  ShiftAddDriver<typename TypeParam::Model, Params> sa(tb);
  tb.reset();
  std::mt19937_64 rng(7 + Params::DAC_BITS);
  const uint64_t acc_mask = Params::ACC_BITS >= 64 ? ~uint64_t(0) : (uint64_t(1) << Params::ACC_BITS) - 1;

  int64_t beats_total = 0, lossy_total = 0, vectors_total = 0, lossless_vectors = 0;
  for (int c = 0; c < 24; ++c) {
    hw::Design d = sim::loadDesign("isaac").design;
    d.crossbar.rows = std::vector<int>{1, 4, 16, 32, 128}[size_t(pick(rng, 0, 4))];
    d.crossbar.cols = std::vector<int>{5, 16, 24}[size_t(pick(rng, 0, 2))];
    d.crossbar.cell_bits = Params::CELL_BITS;
    d.dac.bits = Params::DAC_BITS;
    d.adc.bits = Params::ADC_BITS;
    d.adc.loss_mode = pick(rng, 0, 1) ? hw::AdcLossMode::DropLsb : hw::AdcLossMode::Clip;
    ASSERT_EQ(d.shift_add.latency_cycles, 1) << "the RTL S+A is a one-stage pipeline";
    const int w = pick(rng, 2, std::min(16, Params::W_SLICES * Params::CELL_BITS));
    const int a = pick(rng, 2, std::min(16, Params::IN_SLICES * Params::DAC_BITS));
    const bool act_signed = pick(rng, 0, 1);
    const int64_t k = pick(rng, 1, 160), n = pick(rng, 1, Params::OUTPUTS);
    const hw::MvmGeometry g(d, k, n, w, a);
    const auto weights = randomValues(rng, size_t(n * k), w, true);
    const hw::FunctionalMvm mvm(d, g, weights, act_signed);
    const std::string what = "case " + std::to_string(c) + ": R=" + std::to_string(d.crossbar.rows) +
                             " C=" + std::to_string(d.crossbar.cols) + " K=" + std::to_string(k) +
                             " N=" + std::to_string(n) + " w=" + std::to_string(w) + " a=" + std::to_string(a);

    for (int v = 0; v < 3; ++v) {
      const auto x = randomValues(rng, size_t(k), a, act_signed);
      std::vector<SaBeat> beats;
      hw::FunctionalStats stats;
      const std::vector<int64_t> expected =
          mvm.accumulate(x, &stats, [&](const hw::AdcResult& r) { beats.push_back(beatFor(r, d)); });
      ASSERT_FALSE(beats.empty());
      beats.front().start = true;
      beats.back().last = true;
      beats_total += int64_t(beats.size());
      lossy_total += stats.lossy_conversions;
      ++vectors_total;
      lossless_vectors += stats.lossy_conversions == 0;

      // What the unit must show one cycle after each beat: the running per-output sum.
      std::vector<uint64_t> running(size_t(n), 0);
      bool expect_valid = false, expect_done = false;
      int expect_idx = 0;
      uint64_t expect_acc = 0;
      auto check = [&](const SaObserved& o) {
        ASSERT_EQ(o.out_valid, expect_valid) << what << " cycle " << o.cycle;
        ASSERT_EQ(o.vec_done, expect_done) << what << " cycle " << o.cycle;
        if (expect_valid) {
          ASSERT_EQ(o.out_idx, expect_idx) << what << " cycle " << o.cycle;
          ASSERT_EQ(o.out_acc, expect_acc) << what << " cycle " << o.cycle;
        }
      };
      int64_t last_cycle = -1;
      for (const SaBeat& b : beats) {
        while (pick(rng, 0, 4) == 0) {  // bubbles
          check(sa.idle());
          expect_valid = expect_done = false;
        }
        if (b.start) std::fill(running.begin(), running.end(), 0);
        const uint64_t contribution = b.code << (b.s * Params::DAC_BITS + b.k * Params::CELL_BITS + b.lsb);
        if (b.last) {
          // Before the last result's cycle ends, its output's accumulator does not hold it yet.
          ASSERT_EQ(sa.peek(b.out), running[size_t(b.out)] & acc_mask) << what;
          last_cycle = tb.cycle();
        }
        running[size_t(b.out)] += contribution;
        check(sa.send(b));
        expect_valid = true;
        expect_done = b.last;
        expect_idx = b.out;
        expect_acc = running[size_t(b.out)] & acc_mask;
      }
      // latency_cycles after the last result: the vector's sums, equal to FunctionalMvm's.
      ASSERT_EQ(tb.cycle() - last_cycle, d.shift_add.latency_cycles);
      for (int64_t o = 0; o < n; ++o) {
        ASSERT_GE(expected[size_t(o)], 0);
        ASSERT_LE(uint64_t(expected[size_t(o)]), acc_mask) << "accumulator too narrow for " << what;
        EXPECT_EQ(running[size_t(o)], uint64_t(expected[size_t(o)])) << what << " output " << o;
        EXPECT_EQ(sa.peek(int(o)), uint64_t(expected[size_t(o)])) << what << " vector " << v << " output " << o;
      }
      check(sa.idle());  // vec_done shows in this cycle, and only in it
      expect_valid = expect_done = false;
      if (pick(rng, 0, 1)) check(sa.idle());
    }
  }
  // The stream covered exact and lossy conversions of both ADC modes.
  EXPECT_GT(lossy_total, 0);
  EXPECT_GT(lossless_vectors, 0);
  EXPECT_GT(beats_total, 1000);
  ::testing::Test::RecordProperty("vectors", int(vectors_total));
  ::testing::Test::RecordProperty("beats", int(beats_total));
}

TYPED_TEST(ShiftAddRtl, StartClearsEveryAccumulatorAndResetClearsAll) {
  using Params = typename TypeParam::Params;
  TestBench<typename TypeParam::Model> tb("shift_add_start");
  ShiftAddDriver<typename TypeParam::Model, Params> sa(tb);
  tb.reset();
  SaBeat b;
  b.code = 3;
  b.start = true;
  b.out = 1;
  sa.send(b);
  b.start = false;
  b.out = 0;
  b.s = 1;
  b.k = 1;
  sa.send(b);
  EXPECT_EQ(sa.peek(1), 3u);
  EXPECT_EQ(sa.peek(0), 3u << (Params::DAC_BITS + Params::CELL_BITS));
  // A new vector: its first result clears the other outputs too.
  b.start = true;
  b.out = 2;
  b.s = b.k = 0;
  b.code = 1;
  b.lsb = 2;
  sa.send(b);
  EXPECT_EQ(sa.peek(0), 0u);
  EXPECT_EQ(sa.peek(1), 0u);
  EXPECT_EQ(sa.peek(2), 4u);
  tb.reset(1);
  EXPECT_EQ(sa.peek(2), 0u);
}

}  // namespace
}  // namespace autorac::rtl
