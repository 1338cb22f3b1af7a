// Export, then simulate: the baselines exported with integer tensors by `autorac export`, run through
// `pimsim --functional` on a lossless design, reproduce the model's integer reference bit for bit.
// Both programs are run as a user runs them, so this binary links neither LibTorch nor SystemC.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tests/support/ProgramRun.h"

namespace autorac::test {
namespace {

using nlohmann::json;

json exportAndSimulate(const std::string& arch, const std::vector<std::string>& design) {
  const std::string dir = ::testing::TempDir();
  const std::string trace = dir + arch + "_export.json", report = dir + arch + "_functional.json";
  const ProgramResult e = runProgram(AUTORAC_PATH, {"export", "--arch", std::string(AUTORAC_SOURCE_DIR) + "/configs/archs/" +
                                                     arch + ".json", "--out", trace, "--with-tensors"});
  EXPECT_EQ(e.exit_code, 0) << e.err;
  std::vector<std::string> args = {"--trace", trace, "--functional", "--report", report};
  args.insert(args.end(), design.begin(), design.end());
  const ProgramResult p = runProgram(PIMSIM_PATH, args);
  EXPECT_EQ(p.exit_code, 0) << p.err;
  return p.exit_code == 0 ? json::parse(readFile(report)) : json();
}

TEST(ExportSimulate, BaselinesAreBitExactOnALosslessDesign) {
  // 9-bit ADCs hold a 128-row column of 2-bit cells and 1-bit inputs (at most 384) exactly.
  for (const char* arch : {"dlrm", "deepfm", "dcnv2"}) {
    const json r = exportAndSimulate(arch, {"--set", "adc.bits=9"});
    ASSERT_TRUE(r.contains("functional")) << arch;
    int checked = 0;
    for (const auto& f : r["functional"]) {
      if (!f["checked"].get<bool>()) continue;
      ++checked;
      EXPECT_TRUE(f["lossless_adc"].get<bool>()) << arch << " " << f["op"];
      EXPECT_TRUE(f["bit_exact"].get<bool>()) << arch << " " << f["op"] << ": " << f["mismatches"] << " mismatches";
      // Every exported row rode with a simulated sample.
      EXPECT_EQ(f["samples"], f["tensor_samples"]) << arch << " " << f["op"];
    }
    EXPECT_GT(checked, 0) << arch;
  }
}

TEST(ExportSimulate, ALossyAdcShowsItsError) {
  const json r = exportAndSimulate("dlrm", {"--set", "adc.bits=4"});
  ASSERT_TRUE(r.contains("functional"));
  uint64_t lossy = 0;
  for (const auto& f : r["functional"])
    if (f["checked"].get<bool>()) lossy += f["lossy_conversions"].get<uint64_t>();
  EXPECT_GT(lossy, 0u);
}

#ifdef AUTORAC_PIMSIM_HAS_RTL
// Mixed-level functional runs of two exported recommenders (issue 10): with the verilated S+A behind
// the functional datapath's S+A unit (pimsim --rtl sa), the report is byte-identical to the C++
// arithmetic's under both mappings, over 100,000 conversions of their fc ops through the RTL in each.
TEST(ExportSimulate, RecommendersReportTheSameWithTheVerilatedShiftAdd) {
  const std::string dir = ::testing::TempDir();
  for (const std::string arch : {"dlrm", "deepfm"}) {
    const std::string trace = dir + arch + "_sa_export.json";
    const ProgramResult e = runProgram(AUTORAC_PATH, {"export", "--arch", std::string(AUTORAC_SOURCE_DIR) + "/configs/archs/" +
                                                       arch + ".json", "--out", trace, "--with-tensors"});
    ASSERT_EQ(e.exit_code, 0) << e.err;
    for (const std::string mapping : {"naive", "optimized"}) {
      std::string reports[2];
      for (int rtl = 0; rtl < 2; ++rtl) {
        const std::string report = dir + arch + "_" + mapping + (rtl ? "_rtl.json" : "_cpp.json");
        std::vector<std::string> args = {"--trace", trace, "--mapping", mapping, "--functional", "--report", report};
        if (rtl) args.insert(args.end(), {"--rtl", "sa"});
        const ProgramResult p = runProgram(PIMSIM_PATH, args);
        ASSERT_EQ(p.exit_code, 0) << arch << " " << mapping << (rtl ? " --rtl sa: " : ": ") << p.err;
        reports[rtl] = readFile(report);
      }
      EXPECT_TRUE(reports[0] == reports[1]) << arch << " " << mapping << ": the reports differ";
      uint64_t conversions = 0;
      const json rtl_report = json::parse(reports[1]);
      for (const auto& op : rtl_report.at("functional")) conversions += op.value("conversions", uint64_t(0));
      EXPECT_GT(conversions, 100000u) << arch << " " << mapping;
    }
  }
}
#endif

}  // namespace
}  // namespace autorac::test
