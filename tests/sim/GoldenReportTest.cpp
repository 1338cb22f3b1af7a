// Golden reports: every example trace, on both presets, under both mappings, at batch 1 and 256.
// pimsim's figures (cycles, energy, area, per op) must equal the committed ones in tests/sim/golden/.
// A change that moves a figure on purpose regenerates them in the same commit, saying why:
//   AUTORAC_UPDATE_GOLDEN=1 ctest -R Golden      (rewrites tests/sim/golden/*.json)
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <fstream>

#include <nlohmann/json.hpp>

#include "tests/support/ProgramRun.h"

namespace autorac::test {
namespace {

using nlohmann::json;
const std::string kSource = AUTORAC_SOURCE_DIR;

struct GoldenCase {
  std::string trace, design, mapping;
  int batch;
  std::string name() const { return trace + "_" + design + "_" + mapping + "_b" + std::to_string(batch); }
};
void PrintTo(const GoldenCase& c, std::ostream* os) { *os << c.name(); }

std::vector<GoldenCase> cases() {
  std::vector<GoldenCase> out;
  for (const char* t : {"all_ops", "autoint", "dcnv2", "deepfm", "dlrm", "fc_single_crossbar", "fc_small_tensors",
                        "mlp_512_256_128_1"})
    for (const char* d : {"isaac", "neurosim22"})
      for (const char* m : {"naive", "optimized"})
        for (int b : {1, 256}) out.push_back({t, d, m, b});
  return out;
}

// The figures a golden report pins: the chip's totals and each op's share.
json figures(const json& r) {
  json ops = json::array();
  for (const auto& op : r["ops"])
    ops.push_back({{"id", op["id"]}, {"cycles", op["cycles"]}, {"energy_pj", op["energy_pj"]}, {"crossbars", op["crossbars"]}});
  return {{"cycles", r["cycles"]},
          {"latency_cycles", r["latency_cycles"]},
          {"analytical_cycles", r["analytical"]["cycles"]},
          {"energy_pj", r["energy_pj"]["total"]},
          {"energy_pj_by_component", r["energy_pj"]["by_component"]},
          {"area_mm2", r["area_mm2"]["chip"]},
          {"peak_power_w", r["peak_power_w"]["chip"]},
          {"ops", ops}};
}

// Integers must match exactly; reals to 1e-9 relative (the JSON round trip keeps 17 digits).
void expectSame(const json& want, const json& got, const std::string& where) {
  if (want.is_object()) {
    ASSERT_TRUE(got.is_object()) << where;
    EXPECT_EQ(want.size(), got.size()) << where;
    for (auto it = want.begin(); it != want.end(); ++it) {
      ASSERT_TRUE(got.contains(it.key())) << where << "." << it.key();
      expectSame(it.value(), got[it.key()], where + "." + it.key());
    }
  } else if (want.is_array()) {
    ASSERT_TRUE(got.is_array()) << where;
    ASSERT_EQ(want.size(), got.size()) << where;
    for (size_t i = 0; i < want.size(); ++i) expectSame(want[i], got[i], where + "[" + std::to_string(i) + "]");
  } else if (want.is_number_float() || got.is_number_float()) {
    const double a = want.get<double>(), b = got.get<double>();
    EXPECT_LE(std::abs(a - b), 1e-9 * std::max(std::abs(a), std::abs(b))) << where << ": golden " << a << ", now " << b;
  } else {
    EXPECT_EQ(want, got) << where;
  }
}

class GoldenReport : public ::testing::TestWithParam<GoldenCase> {};

TEST_P(GoldenReport, FiguresEqualTheCommittedReport) {
  const GoldenCase& c = GetParam();
  const std::string report = ::testing::TempDir() + "golden_" + c.name() + ".json";
  const ProgramResult r = runPimsim({"--design", c.design, "--trace", kSource + "/traces/examples/" + c.trace + ".json",
                                     "--mapping", c.mapping, "--batch", std::to_string(c.batch), "--report", report});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json full = json::parse(readFile(report));
  // Every packet crossed the NoC's TLM-2.0 sockets under the base-protocol checker (hw/tlm/ProtocolChecker.h);
  // a model mapped onto one tile sends none.
  EXPECT_EQ(full["tlm_protocol"]["violations"].get<uint64_t>(), 0u);
  const json got = figures(full);
  const std::string golden = kSource + "/tests/sim/golden/" + c.name() + ".json";
  const char* update = std::getenv("AUTORAC_UPDATE_GOLDEN");
  if (update && std::string(update) == "1") {
    std::ofstream(golden) << got.dump(1) << "\n";
    GTEST_SKIP() << "rewrote " << golden;
  }
  ASSERT_TRUE(fileExists(golden)) << golden << " is missing: run with AUTORAC_UPDATE_GOLDEN=1 to create it";
  expectSame(json::parse(readFile(golden)), got, c.name());
}

INSTANTIATE_TEST_SUITE_P(Examples, GoldenReport, ::testing::ValuesIn(cases()),
                         [](const ::testing::TestParamInfo<GoldenCase>& i) { return i.param.name(); });

}  // namespace
}  // namespace autorac::test
