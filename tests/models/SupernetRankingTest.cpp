// The weak form of the ranking goal (docs/models.md, "Does the supernet rank?"), run as a user runs
// the programs: a supernet of the tiny space trained on criteo/train.txt, 8 fixed random
// sub-networks scored by `autorac score` under its default protocol (inherited weights, a 7-step
// fine-tune, a linear probe; it passed with LibTorch's AVX-512, AVX2 and baseline kernels, tau
// +0.571 / +0.571 / +0.214, docs/models.md), and the same 8 trained stand-alone
// by `autorac train` under the baseline protocol. The inherited scores must rank the stand-alone
// results better than chance (Kendall tau > 0), and their median must beat the constant predictor.
// bench/models/ranking.py measures the strong form (24+ networks, small space, intervals, noise floor).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <iostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "DataPaths.h"
#include "tests/support/ProgramRun.h"

namespace autorac::test {
namespace {

using nlohmann::json;

// Kendall's tau-b (ties in either ranking reduce the denominator).
double kendallTau(const std::vector<double>& x, const std::vector<double>& y) {
  double concordant = 0, discordant = 0, ties_x = 0, ties_y = 0;
  for (size_t i = 0; i < x.size(); ++i)
    for (size_t j = i + 1; j < x.size(); ++j) {
      const double dx = x[i] - x[j], dy = y[i] - y[j];
      if (dx == 0 && dy == 0) continue;
      if (dx == 0) ties_x += 1;
      else if (dy == 0) ties_y += 1;
      else if ((dx > 0) == (dy > 0)) concordant += 1;
      else discordant += 1;
    }
  const double d = std::sqrt((concordant + discordant + ties_x) * (concordant + discordant + ties_y));
  return d > 0 ? (concordant - discordant) / d : 0.0;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.size() % 2 ? v[v.size() / 2] : 0.5 * (v[v.size() / 2 - 1] + v[v.size() / 2]);
}

double testLogLoss(const std::string& out) {
  std::istringstream in(out);
  for (std::string line; std::getline(in, line);)
    if (line.find("AUC") != std::string::npos && line.find(": log loss ") != std::string::npos)
      return std::stod(line.substr(line.find(": log loss ") + 11));
  ADD_FAILURE() << "no metrics line in:\n" << out;
  return 0;
}

TEST(SupernetRanking, InheritedWeightsRankEightSubNetworksBetterThanChance) {
  REQUIRE_SHARED_DATA();
  using models::test::sharedData;
  const std::string dir = ::testing::TempDir() + "autorac_ranking/";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const std::string train = "criteo:" + sharedData("criteo/train.txt"), test = "criteo:" + sharedData("criteo/test.txt");
  const ProgramResult sn = runProgram(AUTORAC_PATH, {"train-supernet", "--space", "tiny", "--data", train,
                                                     "--val-fraction", "0.1", "--epochs", "6", "--batch", "128",
                                                     "--select-every", "28", "--checkpoint", dir + "sn",
                                                     "--log-every", "100000"});
  ASSERT_EQ(sn.exit_code, 0) << sn.err;
  ASSERT_EQ(runProgram(AUTORAC_PATH, {"space", "--space", "tiny", "--sample", "8", "--seed", "3", "--out", dir + "a"})
                .exit_code,
            0);
  std::vector<std::string> score_args = {"score", "--weights", dir + "sn", "--data", train, "--val-fraction", "0.1",
                                         "--eval-data", test, "--archs"};
  for (int i = 0; i < 8; ++i) score_args.push_back(dir + "a" + std::to_string(i) + ".json");
  const ProgramResult sc = runProgram(AUTORAC_PATH, score_args);
  ASSERT_EQ(sc.exit_code, 0) << sc.err;
  std::vector<double> inherited, alone;
  double constant = 0;
  std::istringstream lines(sc.out);
  for (std::string line; std::getline(lines, line);) {
    const json j = json::parse(line);
    ASSERT_EQ(j["status"], "ok") << line;
    inherited.push_back(j["log_loss"]);
    constant = j["constant_log_loss"];
  }
  ASSERT_EQ(inherited.size(), 8u);
  for (int i = 0; i < 8; ++i) {
    const ProgramResult t = runProgram(
        AUTORAC_PATH, {"train", "--arch", dir + "a" + std::to_string(i) + ".json", "--data", train, "--eval-data", test,
                       "--epochs", "3", "--batch", "128", "--val-fraction", "0.1", "--select-every", "10",
                       "--log-every", "100000"});
    ASSERT_EQ(t.exit_code, 0) << t.err;
    alone.push_back(testLogLoss(t.out));
  }
  const double tau = kendallTau(inherited, alone);
  std::cout << "inherited vs stand-alone over 8 sub-networks: Kendall tau " << tau << ", median inherited "
            << median(inherited) << ", median stand-alone " << median(alone) << ", constant " << constant << "\n";
  EXPECT_GT(tau, 0.0);
  EXPECT_LT(median(inherited), constant);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace autorac::test
