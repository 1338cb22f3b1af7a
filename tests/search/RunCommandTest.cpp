// The co-search as a user runs it: `autorac run` trains a supernet on generated data, scores every
// candidate with it, simulates each on pimsim, and keeps every result in SQLite; killed with SIGKILL
// mid-search, it resumes without losing or repeating a finished evaluation.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <set>
#include <thread>

#include <nlohmann/json.hpp>

#include "tests/support/ProgramRun.h"

namespace autorac::test {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

std::vector<std::string> runArgs(const std::string& out, int generations) {
  return {"run", "--data", "synthetic:rows=4000", "--supernet-epochs", "1", "--population", "4", "--sample", "2",
          "--children", "2", "--generations", std::to_string(generations), "--batch", "8", "--jobs", "2",
          "--out", out, "--pimsim", PIMSIM_PATH, "--no-headline"};
}

struct Row {
  int64_t ordinal;
  std::string status;
  double log_loss, cycles, analytical;
};

std::vector<Row> rows(const std::string& db_path) {
  std::vector<Row> out;
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    sqlite3_close(db);
    return out;
  }
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT ordinal, status, log_loss, cycles, analytical_cycles FROM candidates ORDER BY ordinal",
                         -1, &s, nullptr) == SQLITE_OK)
    while (sqlite3_step(s) == SQLITE_ROW)
      out.push_back({sqlite3_column_int64(s, 0), reinterpret_cast<const char*>(sqlite3_column_text(s, 1)),
                     sqlite3_column_double(s, 2), sqlite3_column_double(s, 3), sqlite3_column_double(s, 4)});
  sqlite3_finalize(s);
  sqlite3_close(db);
  return out;
}

TEST(AutoracRun, SearchesOnMeasuredCostsAndKeepsEveryCandidate) {
  const std::string out = ::testing::TempDir() + "run_small";
  fs::remove_all(out);
  const ProgramResult r = runProgram(AUTORAC_PATH, runArgs(out, 2));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("winner (measured costs)"), std::string::npos) << r.out;
  const json study = json::parse(readFile(out + "/study.json"));
  EXPECT_EQ(study["candidates"].get<int>(), 4 + 2 * 2);
  EXPECT_TRUE(study.contains("winner"));
  EXPECT_GT(study["settings"]["log10_joint_space"].get<double>(), 10);
  const auto all = rows(out + "/search.db");
  ASSERT_EQ(all.size(), 8u);
  int ok = 0;
  for (const auto& row : all) {
    if (row.status != "ok") continue;
    ++ok;
    EXPECT_GT(row.log_loss, 0);
    EXPECT_LT(row.log_loss, 1);
    EXPECT_GT(row.cycles, 0);      // measured by pimsim
    EXPECT_GT(row.analytical, 0);  // and its analytical twin beside it
  }
  EXPECT_GE(ok, 1);
}

TEST(AutoracRun, ResumesAfterSigkillWithoutLosingOrRepeatingAnEvaluation) {
  const std::string out = ::testing::TempDir() + "run_killed";
  fs::remove_all(out);
  std::vector<std::string> args = runArgs(out, 6);  // 16 candidates
  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    setpgid(0, 0);  // its own group: the kill takes the scorer and the pimsim workers with it
    const int null = open("/dev/null", O_WRONLY);
    dup2(null, STDOUT_FILENO), dup2(null, STDERR_FILENO);
    std::vector<char*> argv = {const_cast<char*>(AUTORAC_PATH)};
    for (auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(AUTORAC_PATH, argv.data());
    _exit(127);
  }
  setpgid(pid, pid);
  size_t before = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(4);
  while (std::chrono::steady_clock::now() < deadline) {
    before = rows(out + "/search.db").size();
    if (before >= 6) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  kill(-pid, SIGKILL);
  waitpid(pid, nullptr, 0);
  ASSERT_GE(before, 6u) << "the search did not get far enough to be killed mid-run";
  const size_t at_kill = rows(out + "/search.db").size();
  ASSERT_LT(at_kill, 16u) << "the search finished before the kill";

  const ProgramResult r = runProgram(AUTORAC_PATH, args);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto all = rows(out + "/search.db");
  ASSERT_EQ(all.size(), 16u);
  std::set<int64_t> ordinals;
  for (const auto& row : all) ordinals.insert(row.ordinal);
  EXPECT_EQ(ordinals.size(), 16u);
  const json study = json::parse(readFile(out + "/study.json"));
  EXPECT_EQ(study["resumed"].get<size_t>(), at_kill);
  EXPECT_EQ(study["evaluated_this_run"].get<size_t>(), 16 - at_kill);
}

}  // namespace
}  // namespace autorac::test
