// Each handcrafted baseline (configs/archs), trained from scratch on the training sample, must beat
// the constant predictor on the validation sample (criteo/test.txt, avazu/test_noheader.csv).
// The holdout files are never used here.
#include <gtest/gtest.h>

#include <iostream>

#include "TrainTestUtil.h"

using namespace autorac::models;
using namespace autorac::models::test;

namespace {

class Baseline : public ::testing::TestWithParam<std::tuple<std::string, std::string>> {};

Arch loadBaseline(const std::string& name) {
  return Arch::load(std::string(AUTORAC_SOURCE_DIR) + "/configs/archs/" + name + ".json");
}

}  // namespace

TEST_P(Baseline, BeatsTheConstantPredictor) {
  REQUIRE_SHARED_DATA();
  const auto& [name, dataset] = GetParam();
  const bool criteo = dataset == "criteo";
  const std::string train = criteo ? "criteo:" + sharedData("criteo/train.txt") : "avazu:" + sharedData("avazu/train.csv");
  const std::string eval =
      criteo ? "criteo:" + sharedData("criteo/test.txt") : "avazu:" + sharedData("avazu/test_noheader.csv");
  // The settings docs/models.md quotes: autorac train --epochs 3 --batch 128 --val-fraction 0.1
  // --select-every 10 (hash table 2^17): the weights kept are those that score best on a 10 %
  // validation split of the training file, never on the evaluation file.
  FitOptions fo;
  fo.epochs = 3;
  fo.batch = 128;
  fo.val_fraction = 0.1;
  fo.select_every = 10;
  auto r = fitAndEvaluate(loadBaseline(name), train, eval, fo);
  std::cout << name << " on " << dataset << ": log loss " << r.metrics.log_loss << ", AUC " << r.metrics.auc
            << ", constant " << r.metrics.constant_log_loss << ", kept step " << r.summary.best_step << " of "
            << r.summary.steps << "\n";
  EXPECT_LT(r.metrics.log_loss, (1 - kConstantMargin) * r.metrics.constant_log_loss);
  EXPECT_GT(r.metrics.auc, 0.6);
}

INSTANTIATE_TEST_SUITE_P(Models, Baseline,
                         ::testing::Combine(::testing::Values("dlrm", "deepfm", "autoint", "dcnv2"),
                                            ::testing::Values("criteo", "avazu")),
                         [](const auto& info) {
                           return std::get<0>(info.param) + "_" + std::get<1>(info.param);
                         });
