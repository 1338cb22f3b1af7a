// The co-search as a user runs it: `autorac run` trains a supernet on generated data, scores every
// candidate with it, simulates each on pimsim, and keeps every result in SQLite; killed with SIGKILL
// mid-search, it resumes without losing or repeating a finished evaluation; the headline's steps are
// rows of the same database, and a headline killed midway resumes without retraining a model.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
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

// Runs `sql` on the database read-only; every row's columns as text (NULL as "NULL").
std::vector<std::vector<std::string>> query(const std::string& db_path, const std::string& sql) {
  std::vector<std::vector<std::string>> out;
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    sqlite3_close(db);
    return out;
  }
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr) == SQLITE_OK)
    while (sqlite3_step(s) == SQLITE_ROW) {
      std::vector<std::string> row;
      for (int i = 0; i < sqlite3_column_count(s); ++i) {
        const unsigned char* t = sqlite3_column_text(s, i);
        row.push_back(t ? reinterpret_cast<const char*>(t) : "NULL");
      }
      out.push_back(row);
    }
  sqlite3_finalize(s);
  sqlite3_close(db);
  return out;
}

// Starts `autorac args` in its own process group, silenced; returns its pid.
pid_t startInGroup(const std::vector<std::string>& args) {
  const pid_t pid = fork();
  if (pid == 0) {
    setpgid(0, 0);  // its own group: a kill takes the scorer, trainings and pimsim workers with it
    const int null = open("/dev/null", O_WRONLY);
    dup2(null, STDOUT_FILENO), dup2(null, STDERR_FILENO);
    std::vector<char*> argv = {const_cast<char*>(AUTORAC_PATH)};
    for (auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(AUTORAC_PATH, argv.data());
    _exit(127);
  }
  if (pid > 0) setpgid(pid, pid);
  return pid;
}

std::vector<Row> rows(const std::string& db_path) {
  std::vector<Row> out;
  for (const auto& r : query(db_path, "SELECT ordinal, status, log_loss, cycles, analytical_cycles FROM candidates ORDER BY ordinal"))
    out.push_back({std::stoll(r[0]), r[1], r[2] == "NULL" ? 0 : std::stod(r[2]), r[3] == "NULL" ? 0 : std::stod(r[3]),
                   r[4] == "NULL" ? 0 : std::stod(r[4])});
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
  const pid_t pid = startInGroup(args);
  ASSERT_GE(pid, 0);
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

std::string formatted(const char* f, double v) {
  char b[64];
  std::snprintf(b, sizeof b, f, v);
  return b;
}

TEST(AutoracRun, TheHeadlinesStepsAreDatabaseRowsAndAKilledHeadlineResumesWithoutRetraining) {
  const std::string out = ::testing::TempDir() + "run_headline";
  fs::remove_all(out);
  std::vector<std::string> args = runArgs(out, 1);
  args.pop_back();  // with the headline: the winner and one baseline, each trained, exported and simulated twice
  args.insert(args.end(), {"--baseline-names", "dlrm"});
  const std::string db = out + "/search.db";
  const std::string models_sql = "SELECT name, model FROM headline_models ORDER BY name";

  // Killed once the winner is trained and before the baseline is: models and rows both incomplete.
  const pid_t pid = startInGroup(args);
  ASSERT_GE(pid, 0);
  std::vector<std::vector<std::string>> at_kill;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(4);
  bool exited = false;
  while (std::chrono::steady_clock::now() < deadline) {
    at_kill = query(db, models_sql);
    if (!at_kill.empty()) break;
    if ((exited = waitpid(pid, nullptr, WNOHANG) == pid)) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  kill(-pid, SIGKILL);
  if (!exited) waitpid(pid, nullptr, 0);
  ASSERT_FALSE(exited) << "autorac run ended before its headline trained a model";
  ASSERT_EQ(at_kill.size(), 1u) << "the headline was not killed between its first and second training";
  EXPECT_EQ(at_kill[0][0], "searched");
  at_kill = query(db, models_sql);  // what the kill left: read again, after the process is gone
  ASSERT_EQ(at_kill.size(), 1u);

  const ProgramResult r = runProgram(AUTORAC_PATH, args);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("model searched: from the database"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("training dlrm stand-alone"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("training searched stand-alone"), std::string::npos) << "the winner was trained again:\n" << r.err;
  const auto models = query(db, models_sql);
  ASSERT_EQ(models.size(), 2u);
  EXPECT_EQ(models[1], at_kill[0]) << "the winner's stored training changed on resume";

  // Every headline row is in the database with its figures, and the report prints those figures.
  const auto stored = query(db,
                            "SELECT label, status, log_loss, latency_ns_per_sample, energy_nj_per_sample, area_mm2, tops_per_w,"
                            " seconds, report FROM headline_rows ORDER BY label");
  ASSERT_EQ(stored.size(), 4u);
  const std::vector<std::string> labels = {"dlrm_own_chip", "dlrm_searched_chip", "searched_naive", "searched_optimized"};
  const std::string md = readFile(out + "/report.md");
  const json headline = json::parse(readFile(out + "/headline.json"));
  for (size_t i = 0; i < stored.size(); ++i) {
    const auto& row = stored[i];
    EXPECT_EQ(row[0], labels[i]);
    EXPECT_GT(std::stod(row[7]), 0) << row[0] << ": no wall time";
    if (row[1] != "ok") continue;
    EXPECT_TRUE(fs::exists(row[8])) << row[8];
    const std::string line = "| " + row[0] + " | " + formatted("%.4f", std::stod(row[2])) + " | " +
                             formatted("%.4g", std::stod(row[3])) + " | " + formatted("%.4g", std::stod(row[4])) + " | " +
                             formatted("%.4g", std::stod(row[5])) + " | " + formatted("%.3g", std::stod(row[6])) + " |";
    EXPECT_NE(md.find(line), std::string::npos) << "the report does not print row " << row[0] << " as stored: " << line << "\n" << md;
  }
  EXPECT_EQ(stored[3][1], "ok") << "the searched design's optimized row was not simulated: nothing above was checked";
  EXPECT_EQ(headline["rows"].size(), 4u);
  EXPECT_NE(md.find("table `headline_rows`"), std::string::npos);

  // Run again: every step comes from the database, nothing is trained or simulated.
  const ProgramResult again = runProgram(AUTORAC_PATH, args);
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(again.err.find("training "), std::string::npos) << again.err;
  EXPECT_EQ(again.err.find("simulating "), std::string::npos) << again.err;
  EXPECT_EQ(query(db, models_sql), models);
  EXPECT_EQ(readFile(out + "/report.md"), md);

  // The winner's trace is gone: it is trained again, and its rows are simulated again from the new
  // trace (never kept from the old one); the baseline's steps are not repeated.
  fs::remove(out + "/headline/searched.trace.json");
  const ProgramResult retrained = runProgram(AUTORAC_PATH, args);
  ASSERT_EQ(retrained.exit_code, 0) << retrained.err;
  EXPECT_NE(retrained.err.find("training searched stand-alone"), std::string::npos) << retrained.err;
  EXPECT_NE(retrained.err.find("simulating searched_optimized"), std::string::npos) << retrained.err;
  EXPECT_NE(retrained.err.find("simulating searched_naive"), std::string::npos) << retrained.err;
  EXPECT_EQ(retrained.err.find("training dlrm"), std::string::npos) << retrained.err;
  EXPECT_EQ(retrained.err.find("simulating dlrm"), std::string::npos) << retrained.err;
  const auto model_row = query(db, "SELECT model FROM headline_models WHERE name = 'searched'");
  ASSERT_EQ(model_row.size(), 1u);
  const double trained_to = json::parse(model_row[0][0])["log_loss"].get<double>();
  for (const auto& r : query(db, "SELECT log_loss FROM headline_rows WHERE model = 'searched'"))
    EXPECT_EQ(std::stod(r[0]), trained_to) << "a row of the winner kept another training's log loss";
}

TEST(AutoracRun, ASupernetTrainingKilledMidwayIsResumedNotUsedHalfTrained) {
  const std::string out = ::testing::TempDir() + "run_supernet_killed";
  fs::remove_all(out);
  fs::create_directories(out);
  const std::string prefix = out + "/supernet";
  // The training `autorac run` starts for these options, with a checkpoint every 5 steps, killed once
  // one is on disk: its checkpoint then names no selected weights.
  std::vector<std::string> train = {"train-supernet", "--data", "synthetic:rows=4000", "--space", "tiny", "--epochs", "3",
                                    "--batch", "128", "--val-fraction", "0.100000", "--select-every", "50",
                                    "--checkpoint", prefix, "--log-every", "100", "--checkpoint-every", "5"};
  const pid_t pid = startInGroup(train);
  ASSERT_GE(pid, 0);
  json meta;
  bool exited = false;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(2);
  while (std::chrono::steady_clock::now() < deadline && !exited) {
    if (fs::exists(prefix + ".json")) {
      meta = json::parse(readFile(prefix + ".json"), nullptr, false);
      if (!meta.is_discarded() && meta.value("step", 0) >= 5) break;
    }
    exited = waitpid(pid, nullptr, WNOHANG) == pid;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  kill(-pid, SIGKILL);
  if (!exited) waitpid(pid, nullptr, 0);
  meta = json::parse(readFile(prefix + ".json"), nullptr, false);
  ASSERT_FALSE(meta.is_discarded());
  ASSERT_FALSE(meta.contains("selected_model_file")) << "the training finished before it could be killed";
  const int stopped = meta.at("step").get<int>();

  std::vector<std::string> args = runArgs(out, 1);
  args[std::find(args.begin(), args.end(), "--supernet-epochs") - args.begin() + 1] = "3";
  const ProgramResult r = runProgram(AUTORAC_PATH, args);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("stopped at step " + std::to_string(stopped) + " before it finished: resuming it"), std::string::npos) << r.err;
  EXPECT_NE((r.out + r.err).find("resumed from step " + std::to_string(stopped)), std::string::npos) << r.out << r.err;
  EXPECT_EQ(r.err.find("using the supernet trained before"), std::string::npos) << r.err;
  const json done = json::parse(readFile(prefix + ".json"));
  EXPECT_TRUE(done.contains("selected_model_file")) << done.dump();
  EXPECT_GT(done.at("step").get<int>(), stopped);

  // Finished now: a second run uses it as it is.
  const ProgramResult again = runProgram(AUTORAC_PATH, args);
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.err.find("using the supernet trained before"), std::string::npos) << again.err;
}

TEST(AutoracRun, ABadBaselineNameIsAnInputErrorBeforeTheSearch) {
  const std::string out = ::testing::TempDir() + "run_bad_baseline";
  fs::remove_all(out);
  std::vector<std::string> args = runArgs(out, 1);
  args.pop_back();
  for (const std::string names : {"dlrm,wide_and_deep", "dlrm,dlrm", "../dlrm", "searched", "dlrm,"}) {
    std::vector<std::string> with = args;
    with.insert(with.end(), {"--baseline-names", names});
    const ProgramResult r = runProgram(AUTORAC_PATH, with);
    EXPECT_EQ(r.exit_code, 2) << names << ": " << r.err;
    EXPECT_NE(r.err.find("--baseline-names"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(out + "/search.db")) << names << ": the search ran before the options were checked";
  }
  // A baseline whose architecture file is not one: exit 2 naming the file, before the search.
  const std::string folder = out + "_archs";
  fs::create_directories(folder);
  {
    std::ofstream broken(folder + "/mine.json");
    broken << "{\"name\": \"mine\", \"blocks\": [";
  }
  std::vector<std::string> with = args;
  with.insert(with.end(), {"--baselines", folder, "--baseline-names", "mine"});
  const ProgramResult r = runProgram(AUTORAC_PATH, with);
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("mine.json"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(out + "/search.db")) << "the search ran before the baseline was read";
}

}  // namespace
}  // namespace autorac::test
