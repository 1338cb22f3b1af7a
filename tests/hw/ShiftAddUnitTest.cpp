// The functional S+A's TLM boundary (hw/ShiftAddUnit.h): the datapath's vectors cross the socket as
// data, and the arithmetic bound behind it, not the datapath, computes the sums. Real SystemC kernel,
// real hw::FunctionalMvm on a lossy ADC.
#include <gtest/gtest.h>

#include <algorithm>
#include <exception>
#include <memory>
#include <random>
#include <stdexcept>
#include <vector>

#include <systemc>

#include "hw/FunctionalMvm.h"
#include "hw/ShiftAddUnit.h"
#include "hw/tlm/ProtocolChecker.h"
#include "sim/design/DesignLoader.h"
#include "tests/support/RandomIntegers.h"
#include "traces/InputError.h"

namespace autorac::hw {
namespace {

// Keeps every conversion it is handed and returns the project's sums plus one per output: an offset
// no datapath computes, so that the outputs show which side of the socket did the arithmetic.
class OffByOne final : public ShiftAddModel {
public:
  std::vector<AdcResult> seen;
  int vectors = 0;
  void begin(const MvmGeometry& g) override { own_.begin(g); }
  void add(const AdcResult* results, size_t count) override {
    seen.insert(seen.end(), results, results + count);
    own_.add(results, count);
  }
  std::vector<int64_t> sums() override {
    ++vectors;
    std::vector<int64_t> sums = own_.sums();
    for (auto& s : sums) ++s;
    return sums;
  }

private:
  ShiftAdd own_;
};

// The same order and values the datapath makes.
bool sameResults(const std::vector<AdcResult>& a, const std::vector<AdcResult>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (a[i].row_block != b[i].row_block || a[i].col_block != b[i].col_block || a[i].input_slice != b[i].input_slice ||
        a[i].column != b[i].column || a[i].output != b[i].output || a[i].weight_slice != b[i].weight_slice ||
        a[i].ideal != b[i].ideal || a[i].value != b[i].value || a[i].max_value != b[i].max_value)
      return false;
  return true;
}

TEST(ShiftAddUnit, TheDatapathsConversionsCrossTheSocketAndTheBoundArithmeticMakesTheSums) {
  const Design d = sim::loadDesign("isaac").design;  // 8-bit ADC, 128 rows of 2-bit cells: lossy
  const int64_t k = 300, n = 40;
  const MvmGeometry g(d, k, n, 8, 8);
  std::mt19937_64 rng(11);
  // Output 0's weights and sample 0's inputs at their largest: 128 rows of cells at 3 driven by 1s sum
  // to 384, past the ADC's 255, so some conversions lose information.
  std::vector<int64_t> weights = test::randomValues(rng, size_t(n * k), 8, true);
  std::fill(weights.begin(), weights.begin() + k, 127);
  const FunctionalMvm mvm(d, g, weights, true);
  ASSERT_FALSE(mvm.lossless());
  std::vector<std::vector<int64_t>> xs{std::vector<int64_t>(size_t(k), 127)};
  for (int s = 1; s < 3; ++s) xs.push_back(test::randomValues(rng, size_t(k), 8, true));

  auto arithmetic = std::make_shared<OffByOne>();
  ShiftAddUnit unit("shift_add", arithmetic);
  // 1,000 results a write: a vector's 3,840 conversions (3 row blocks x 160 columns x 8 input
  // slices) take four writes, the last of 840.
  ShiftAddPort port("datapath", 1000);
  port.to_shift_add.bind(unit.from_datapath);
  std::vector<std::vector<int64_t>> through_socket;
  FunctionalStats stats;
  sc_core::sc_spawn([&] {
    for (const auto& x : xs) through_socket.push_back(mvm.run(x, &stats, &port));
  });
  sc_core::sc_start();

  ASSERT_EQ(through_socket.size(), xs.size());
  std::vector<AdcResult> made;
  for (size_t s = 0; s < xs.size(); ++s) {
    const std::vector<int64_t> own = mvm.run(xs[s]);
    for (int64_t j = 0; j < n; ++j) EXPECT_EQ(through_socket[s][size_t(j)], own[size_t(j)] + 1) << "sample " << s << ", output " << j;
    mvm.accumulate(xs[s], nullptr, [&](const AdcResult& r) { made.push_back(r); });
  }
  EXPECT_GT(stats.lossy_conversions, 0);
  EXPECT_EQ(arithmetic->vectors, 3);
  EXPECT_EQ(unit.vectors(), 3);
  EXPECT_TRUE(sameResults(arithmetic->seen, made)) << arithmetic->seen.size() << " conversions seen, " << made.size() << " made";
  ASSERT_EQ(made.size(), 3u * 3840u);
  // Five transactions a vector (four writes of its results, the sums read), each within the base protocol.
  EXPECT_EQ(tlmcheck::ProtocolChecker::instance().violations(), 0u);
  EXPECT_EQ(tlmcheck::ProtocolChecker::instance().transactions(), 15u);
}

// An arithmetic that cannot take a vector (a verilated unit's limits: cosim/RtlShiftAdd) answers with
// an error response, and the datapath gets the arithmetic's own exception back, still an InputError.
class Refusing final : public ShiftAddModel {
public:
  void begin(const MvmGeometry&) override { throw InputError("--rtl sa", "", "too many weight slices"); }
  void add(const AdcResult*, size_t) override {}
  std::vector<int64_t> sums() override { return {}; }
};

TEST(ShiftAddUnit, WhatTheArithmeticRefusesReachesTheDatapathAsItsOwnError) {
  const Design d = sim::loadDesign("isaac").design;
  const MvmGeometry g(d, 16, 4, 8, 8);
  std::mt19937_64 rng(3);
  const FunctionalMvm mvm(d, g, test::randomValues(rng, 64, 8, true), true);
  ShiftAddUnit unit("shift_add", std::make_shared<Refusing>());
  ShiftAddPort port("datapath");
  port.to_shift_add.bind(unit.from_datapath);
  std::exception_ptr caught;
  sc_core::sc_spawn([&] {
    try {
      mvm.run(test::randomValues(rng, 16, 8, true), nullptr, &port);
    } catch (...) {
      caught = std::current_exception();
    }
  });
  sc_core::sc_start();
  ASSERT_TRUE(caught);
  try {
    std::rethrow_exception(caught);
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("too many weight slices"), std::string::npos) << e.what();
  } catch (const std::exception& e) {
    ADD_FAILURE() << "not an InputError: " << e.what();
  }
  EXPECT_EQ(unit.vectors(), 0);
  EXPECT_EQ(tlmcheck::ProtocolChecker::instance().violations(), 0u);
}

}  // namespace
}  // namespace autorac::hw
