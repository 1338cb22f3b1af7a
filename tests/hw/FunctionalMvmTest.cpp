// The datapath's arithmetic against a plain integer matrix product.
#include <gtest/gtest.h>

#include "tests/support/RandomIntegers.h"

#include <random>
#include <tuple>
#include <vector>

#include "hw/AdcTransfer.h"
#include "hw/FunctionalMvm.h"
#include "sim/design/DesignLoader.h"

namespace autorac::hw {
namespace {

using test::randomValues;

std::vector<int64_t> reference(const std::vector<int64_t>& w, const std::vector<int64_t>& x, int64_t n, int64_t k) {
  std::vector<int64_t> y(size_t(n), 0);
  for (int64_t i = 0; i < n; ++i)
    for (int64_t j = 0; j < k; ++j) y[size_t(i)] += w[size_t(i * k + j)] * x[size_t(j)];
  return y;
}

Design losslessDesign(int rows, int cols, int cell_bits, int dac_bits) {
  Design d = sim::loadDesign("isaac").design;
  d.crossbar.rows = rows;
  d.crossbar.cols = cols;
  d.crossbar.cell_bits = cell_bits;
  d.dac.bits = dac_bits;
  // Wide enough for the largest column value: lossless.
  d.adc.bits = bitsToHold(MvmGeometry(d, rows, 1, 2, 2).maxColumnValue(rows));
  return d;
}

TEST(FunctionalMvm, BitExactAgainstIntegerProductOverPrecisionGrid) {
  std::mt19937_64 rng(2025);
  int cases = 0;
  for (int w : {2, 4, 8, 16})
    for (int a : {2, 4, 8, 16})
      for (int c : {1, 2})
        for (int dac : {1, 2})
          for (bool act_signed : {true, false}) {
            // K spans several row blocks (with a ragged last one); N·slices straddles column blocks.
            const Design d = losslessDesign(32, 24, c, dac);
            const int64_t k = 75, n = 7;
            const MvmGeometry g(d, k, n, w, a);
            const auto weights = randomValues(rng, size_t(n * k), w, true);
            FunctionalMvm mvm(d, g, weights, act_signed);
            ASSERT_TRUE(mvm.lossless());
            for (int sample = 0; sample < 3; ++sample) {
              const auto x = randomValues(rng, size_t(k), a, act_signed);
              FunctionalStats stats;
              EXPECT_EQ(mvm.run(x, &stats), reference(weights, x, n, k))
                  << "w=" << w << " a=" << a << " c=" << c << " d=" << dac << " signed=" << act_signed;
              EXPECT_EQ(stats.lossy_conversions, 0);
              EXPECT_EQ(stats.conversions, g.inputSlices() * g.totalColumns() * g.rowBlocks());
            }
            ++cases;
          }
  EXPECT_EQ(cases, 4 * 4 * 2 * 2 * 2);
}

TEST(FunctionalMvm, ExtremeValuesAreExact) {
  const Design d = losslessDesign(128, 128, 2, 1);
  const int64_t k = 128, n = 8;
  const MvmGeometry g(d, k, n, 16, 16);
  std::vector<int64_t> w(size_t(n * k)), x(static_cast<size_t>(k));
  for (size_t i = 0; i < w.size(); ++i) w[i] = (i % 2) ? 32767 : -32768;
  for (size_t i = 0; i < x.size(); ++i) x[i] = (i % 3) ? -32768 : 32767;
  FunctionalMvm mvm(d, g, w, true);
  EXPECT_EQ(mvm.run(x), reference(w, x, n, k));
}

TEST(AdcTransfer, ClipSaturatesAndDropLsbTruncates) {
  // Range 0..384 needs 9 bits; an 8-bit ADC loses information.
  EXPECT_EQ(adcConvert(200, 384, 8, AdcLossMode::Clip), 200);
  EXPECT_EQ(adcConvert(300, 384, 8, AdcLossMode::Clip), 255);
  EXPECT_EQ(adcConvert(300, 384, 8, AdcLossMode::DropLsb), 300);  // even: the dropped bit is 0
  EXPECT_EQ(adcConvert(301, 384, 8, AdcLossMode::DropLsb), 300);
  EXPECT_EQ(adcConvert(7, 384, 6, AdcLossMode::DropLsb), 0);      // 3 low bits dropped
  EXPECT_EQ(adcConvert(383, 383, 9, AdcLossMode::Clip), 383);     // fits: exact
}

TEST(FunctionalMvm, LossyAdcMatchesTheDocumentedTransfer) {
  // One row block of 128 rows with 2-bit cells and 1-bit DACs: columns reach 384 (9 bits).
  for (AdcLossMode mode : {AdcLossMode::Clip, AdcLossMode::DropLsb}) {
    Design d = sim::loadDesign("isaac").design;
    d.adc.bits = 6;
    d.adc.loss_mode = mode;
    const int64_t k = 128, n = 4;
    const MvmGeometry g(d, k, n, 8, 8);
    std::mt19937_64 rng(7);
    const auto w = randomValues(rng, size_t(n * k), 8, true);
    const auto x = randomValues(rng, size_t(k), 8, false);
    FunctionalMvm mvm(d, g, w, false);
    EXPECT_FALSE(mvm.lossless());
    // Recompute the expected result column by column with the documented transfer function.
    std::vector<int64_t> expect(size_t(n), 0);
    int64_t xsum = 0;
    for (auto v : x) xsum += v;
    for (int64_t o = 0; o < n; ++o) {
      int64_t wsum = 0;
      for (int64_t j = 0; j < k; ++j) wsum += w[size_t(o * k + j)] + 128;
      for (int s = 0; s < 8; ++s)
        for (int ws = 0; ws < 4; ++ws) {
          int64_t col = 0;
          for (int64_t j = 0; j < k; ++j)
            col += ((x[size_t(j)] >> s) & 1) * (((w[size_t(o * k + j)] + 128) >> (2 * ws)) & 3);
          expect[size_t(o)] += adcConvert(col, 384, 6, mode) << (s + 2 * ws);
        }
      expect[size_t(o)] -= 128 * xsum;
    }
    FunctionalStats stats;
    const auto got = mvm.run(x, &stats);
    EXPECT_EQ(got, expect);
    EXPECT_NE(got, reference(w, x, n, k));
    EXPECT_GT(stats.lossy_conversions, 0);
  }
}

// pimsim computes a vector crossbar by crossbar (sim/run/StageValues): each crossbar's partial sums,
// placed at its first output and added up, then offset-corrected, must be the matrix's product, lossy
// conversions included (a crossbar's are the whole matrix's, converted alone). 126-column crossbars
// make weight slices straddle column blocks; 5-bit weights on 300 × 43 leave a block with one column.
TEST(FunctionalMvm, CrossbarSumsAddUpToTheWholeProduct) {
  for (const bool lossy : {false, true})
    for (const auto& [k, n, w_bits, cols] : std::vector<std::tuple<int64_t, int64_t, int, int>>{{400, 90, 8, 126}, {300, 43, 5, 128}}) {
      Design d = losslessDesign(128, cols, 2, 1);
      if (lossy) d.adc.bits = 6;
      const MvmGeometry g(d, k, n, w_bits, 8);
      std::mt19937_64 rng(11);
      const auto w = randomValues(rng, size_t(n * k), w_bits, true);
      const auto x = randomValues(rng, size_t(k), 8, true);
      const FunctionalMvm mvm(d, g, w, true);
      FunctionalStats whole, parts;
      const auto expect = mvm.run(x, &whole);
      std::vector<int64_t> acc(size_t(n), 0);
      for (int64_t rb = 0; rb < g.rowBlocks(); ++rb)
        for (int64_t cb = 0; cb < g.colBlocks(); ++cb) {
          const auto sums = mvm.crossbarSums(x.data() + rb * g.rows, rb, cb, &parts);
          for (size_t i = 0; i < sums.size(); ++i) acc[size_t(g.firstOutput(cb)) + i] += sums[i];
        }
      mvm.correctOffsets(acc, x);
      EXPECT_EQ(acc, expect) << k << " x " << n << (lossy ? ", lossy" : "");
      if (!lossy) {
        EXPECT_EQ(acc, reference(w, x, n, k));
      }
      EXPECT_EQ(parts.conversions, whole.conversions);
      EXPECT_EQ(parts.lossy_conversions, whole.lossy_conversions);
      EXPECT_EQ(lossy, whole.lossy_conversions > 0);
    }
}

}  // namespace
}  // namespace autorac::hw
