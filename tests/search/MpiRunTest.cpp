// The co-search across an MPI job (--pool mpi, docs/mpi.md), three ranks on this machine: rank 0
// searches, ranks 1 and 2 simulate. It must give the local pool's history, and a worker rank killed
// mid-run must lose nothing: its simulation goes to another rank and the search completes.
#include <gtest/gtest.h>

#include <signal.h>
#include <sqlite3.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "tests/support/ProgramRun.h"

namespace autorac::test {
namespace {

namespace fs = std::filesystem;

// What works in CI (root, a container, no ssh): oversubscribed ranks, shared memory between them.
std::vector<std::string> mpirun(bool recovery) {
  std::vector<std::string> a = {"--oversubscribe", "--allow-run-as-root", "--mca", "btl", "self,vader",
                                "--mca", "btl_vader_single_copy_mechanism", "none", "-np", "3"};
  if (recovery) a.push_back("--enable-recovery");  // a dead rank does not abort the job (OpenMPI 4.1 has no ULFM)
  a.push_back(AUTORAC_PATH);
  return a;
}

std::vector<std::string> runArgs(const std::string& out, const std::string& pimsim) {
  return {"run", "--data", "synthetic:rows=4000", "--supernet-epochs", "1", "--population", "4", "--sample", "2",
          "--children", "2", "--generations", "2", "--batch", "8", "--jobs", "2", "--out", out, "--pimsim", pimsim,
          "--no-headline"};
}

// Every row as text, in ordinal order, without the wall times (which differ from run to run).
std::vector<std::string> history(const std::string& db_path) {
  std::vector<std::string> out;
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    sqlite3_close(db);
    return out;
  }
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v2(db,
                         "SELECT ordinal || ' ' || generation || ' ' || candidate || ' ' || status || ' ' || "
                         "IFNULL(log_loss, '') || ' ' || IFNULL(cycles, '') || ' ' || IFNULL(energy_pj, '') || ' ' || "
                         "IFNULL(area_mm2, '') || ' ' || IFNULL(analytical_cycles, '') FROM candidates ORDER BY ordinal",
                         -1, &s, nullptr) == SQLITE_OK)
    while (sqlite3_step(s) == SQLITE_ROW) out.push_back(reinterpret_cast<const char*>(sqlite3_column_text(s, 0)));
  sqlite3_finalize(s);
  sqlite3_close(db);
  return out;
}

// The local pool's run of the same search: the reference. Its supernet serves the MPI run too.
std::vector<std::string> localReference(const std::string& out) {
  fs::remove_all(out);
  const ProgramResult r = runProgram(AUTORAC_PATH, runArgs(out, PIMSIM_PATH));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return history(out + "/search.db");
}

std::vector<std::string> withWeights(std::vector<std::string> args, const std::string& weights) {
  args.insert(args.end(), {"--weights", weights, "--pool", "mpi"});
  return args;
}

TEST(MpiRun, ThreeRanksGiveTheLocalPoolsHistory) {
  const std::string base = ::testing::TempDir() + "mpi_same";
  const auto reference = localReference(base + "_local");
  ASSERT_EQ(reference.size(), 8u);
  std::vector<std::string> args = mpirun(false);
  for (const auto& a : withWeights(runArgs(base + "_mpi", PIMSIM_PATH), base + "_local/supernet")) args.push_back(a);
  fs::remove_all(base + "_mpi");
  const ProgramResult r = runProgram(MPIEXEC_PATH, args);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("MPI job of 3 ranks"), std::string::npos) << r.err;
  EXPECT_EQ(history(base + "_mpi/search.db"), reference);
}

// The pid of a process whose command line starts with `prefix`, or 0.
pid_t findProcess(const std::string& prefix) {
  for (const auto& e : fs::directory_iterator("/proc")) {
    const std::string name = e.path().filename();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::string cmd = readFile(e.path().string() + "/cmdline");
    for (char& c : cmd)
      if (c == '\0') c = ' ';
    if (cmd.rfind(prefix, 0) == 0) return pid_t(std::stol(name));
  }
  return 0;
}

pid_t parentOf(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(in, line);)
    if (line.rfind("PPid:", 0) == 0) return pid_t(std::stol(line.substr(5)));
  return 0;
}

TEST(MpiRun, AWorkerRankKilledMidRunLosesNothing) {
  const std::string base = ::testing::TempDir() + "mpi_killed";
  const auto reference = localReference(base + "_local");
  ASSERT_EQ(reference.size(), 8u);
  // pimsim behind a wrapper that takes a second first, so that a rank is caught simulating.
  const std::string slow = base + "_slow_pimsim.sh";
  std::ofstream(slow) << "#!/bin/sh\nsleep 1\nexec '" << PIMSIM_PATH << "' \"$@\"\n";
  fs::permissions(slow, fs::perms::owner_all);
  std::vector<std::string> args = mpirun(true);
  for (const auto& a : withWeights(runArgs(base + "_mpi", slow), base + "_local/supernet")) args.push_back(a);
  args.insert(args.end(), {"--rank-timeout", "3"});
  fs::remove_all(base + "_mpi");
  ProgramResult r;
  std::thread job([&] { r = runProgram(MPIEXEC_PATH, args); });
  // Kill the worker rank running the first simulation (the wrapper's parent), and the simulation.
  pid_t rank = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(2);
  while (!rank && std::chrono::steady_clock::now() < deadline) {
    if (const pid_t sim = findProcess("/bin/sh " + slow + " ")) {  // not mpirun's or a rank's command line
      rank = parentOf(sim);
      if (rank > 1) kill(rank, SIGKILL);
      kill(sim, SIGKILL);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  job.join();
  ASSERT_GT(rank, 1) << "no simulation was caught running";
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("given up"), std::string::npos) << r.err;
  EXPECT_EQ(history(base + "_mpi/search.db"), reference);
}

}  // namespace
}  // namespace autorac::test
