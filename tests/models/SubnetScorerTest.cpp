// The evaluator a search asks (models/train/SubnetScorer): its Platt fit against a known answer, and
// its optional fine-tune, which must score each path from the inherited weights whatever was scored
// before, and leave the supernet as it found it.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include <torch/torch.h>

#include "models/data/BatchLoader.h"
#include "models/space/SearchSpace.h"
#include "models/train/CpuRuntime.h"
#include "models/train/SubnetScorer.h"

using namespace autorac::models;

namespace {

// Labels drawn from sigmoid(2 z - 1): on 20,000 rows the fit must recover a = 2 and b = -1.
TEST(SubnetScorer, PlattFitRecoversTheScaleAndBiasThatGeneratedTheLabels) {
  std::mt19937_64 rng(7);
  std::normal_distribution<double> logit(0.0, 1.5);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  std::vector<float> z, y, w;
  for (int i = 0; i < 20000; ++i) {
    const double x = logit(rng);
    z.push_back(static_cast<float>(x));
    y.push_back(u(rng) < 1.0 / (1.0 + std::exp(-(2.0 * x - 1.0))) ? 1.0f : 0.0f);
    w.push_back(1.0f);
  }
  const auto [a, b] = fitPlatt(z, y, w);
  EXPECT_NEAR(a, 2.0, 0.1);
  EXPECT_NEAR(b, -1.0, 0.1);
}

// A path whose logits rank the rows backwards gets the constant predictor, not a negative scale.
TEST(SubnetScorer, PlattFitGivesNoCreditForABackwardsRanking) {
  std::vector<float> z = {-2, -1, 1, 2}, y = {1, 1, 0, 0}, w = {1, 1, 1, 3};
  const auto [a, b] = fitPlatt(z, y, w);
  EXPECT_EQ(a, 0.0);
  EXPECT_NEAR(b, std::log(2.0 / 4.0), 1e-9);  // weighted label rate 2/6
}

ReaderOptions smallTables() {
  ReaderOptions ro;
  ro.table_size = 4096;
  return ro;
}

struct Fixture {
  CtrSource src{"synthetic:rows=3000,seed=5", smallTables()};
  SearchSpace space{SpaceConfig::tiny()};
  Supernet net{nullptr};
  std::vector<Batch> calibration;
  std::unique_ptr<BatchLoader> train;

  Fixture() {
    useCpuRuntime(1);
    torch::manual_seed(1);
    net = Supernet(NetShape::forSpace(space.config(), src.schema(), smallTables().table_size));
    LoaderOptions lo;
    lo.batch_size = 4096;
    BatchLoader cal(src, SplitFilter(0.2, 1), SplitPart::Validation, lo);
    calibration = SubnetScorer::readAll(cal);
    LoaderOptions tlo;
    tlo.batch_size = 128;
    tlo.shuffle_buffer = 1000;
    train = std::make_unique<BatchLoader>(src, SplitFilter(0.2, 1), SplitPart::Train, tlo);
  }
  FineTune fineTune(int64_t steps) {
    FineTune f;
    Batch b;
    for (int64_t i = 0; i < steps && (train->next(b) || train->next(b)); ++i) f.batches.push_back(b);
    return f;
  }
  std::vector<torch::Tensor> snapshot() {
    std::vector<torch::Tensor> s;
    for (const auto& p : net->parameters()) s.push_back(p.detach().clone());
    return s;
  }
};

TEST(SubnetScorer, FineTunedScoresDependOnlyOnThePathAndLeaveTheSupernetUnchanged) {
  Fixture f;
  std::mt19937_64 rng(3);
  const Arch a = f.space.sample(rng), b = f.space.sample(rng);
  const auto before = f.snapshot();
  SubnetScorer scorer(f.net, f.calibration, {}, ScoreProtocol{}, f.fineTune(6));
  const SubnetScore first = scorer.score(a);
  scorer.score(b);  // trains b's path in between: a's next score must not see it
  const SubnetScore again = scorer.score(a);
  EXPECT_EQ(first.metrics.log_loss, again.metrics.log_loss);
  EXPECT_EQ(first.uncalibrated.log_loss, again.uncalibrated.log_loss);
  const auto after = f.snapshot();
  ASSERT_EQ(before.size(), after.size());
  for (size_t i = 0; i < before.size(); ++i) EXPECT_TRUE(torch::equal(before[i], after[i])) << "parameter " << i;
  EXPECT_FALSE(f.net->is_training());  // scores are eval-mode passes
}

// The fine-tune really trains the path: its raw (uncalibrated) score differs from the inherited one.
TEST(SubnetScorer, FineTuneMovesTheRawScoreOfThePath) {
  Fixture f;
  std::mt19937_64 rng(3);
  const Arch a = f.space.sample(rng);
  SubnetScorer inherited(f.net, f.calibration, {}, ScoreProtocol{});
  const double raw = inherited.score(a).uncalibrated.log_loss;
  SubnetScorer tuned(f.net, f.calibration, {}, ScoreProtocol{}, f.fineTune(6));
  EXPECT_NE(tuned.score(a).uncalibrated.log_loss, raw);
}

}  // namespace
