// Reading pimsim's report into a candidate's result: a report that cannot be read fails that
// candidate alone, with a reason that names the file and what was wrong (the search goes on).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "search/CostEvaluator.h"

namespace autorac::search {
namespace {

TEST(CostEvaluator, AnUnreadableReportFailsItsCandidateNamingTheFileAndField) {
  namespace fs = std::filesystem;
  LocalPool pool(1);
  const CostEvaluator cost("pimsim", 64, 0, pool);
  const fs::path dir = fs::path(testing::TempDir()) / "autorac-cost-evaluator";
  fs::create_directories(dir);
  Outcome exited_ok;
  exited_ok.exit_code = 0;

  CostJob truncated{"trace.json", {}, (dir / "truncated.json").string()};
  std::ofstream(truncated.report) << "{\"cycles\": 12";
  Result a;
  cost.read(truncated, exited_ok, a);
  EXPECT_EQ(a.status, "failed");
  EXPECT_NE(a.reason.find(truncated.report), std::string::npos) << a.reason;

  CostJob missing{"trace.json", {}, (dir / "missing_field.json").string()};
  std::ofstream(missing.report) << R"({"cycles": 12, "time_ns": 5, "latency_ns": 1, "energy_pj": {"total": 3}})";
  Result b;
  cost.read(missing, exited_ok, b);
  EXPECT_EQ(b.status, "failed");
  EXPECT_NE(b.reason.find(missing.report), std::string::npos) << b.reason;
  EXPECT_NE(b.reason.find("area_mm2"), std::string::npos) << b.reason;
  fs::remove_all(dir);
}

}  // namespace
}  // namespace autorac::search
