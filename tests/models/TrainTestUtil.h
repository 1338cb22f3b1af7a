#pragma once
// Small helpers shared by the training tests: build, train, evaluate.
#include <optional>
#include <string>

#include <torch/torch.h>

#include "DataPaths.h"
#include "models/data/BatchLoader.h"
#include "models/train/CpuRuntime.h"
#include "models/train/Evaluator.h"
#include "models/train/Trainer.h"

namespace autorac::models::test {

inline constexpr int64_t kTable = 1 << 17;  // the CLI default

struct FitResult {
  TrainSummary summary;
  Metrics metrics;
};

struct FitOptions {
  int epochs = 2;
  int64_t batch = 512;
  // Model selection as `autorac train --val-fraction f --select-every n`: train on the rest of the
  // training file, keep the weights that score best on its validation split. 0 = train on all rows.
  double val_fraction = 0;
  int64_t select_every = 0;
  uint64_t seed = 1;
};

// Trains `arch` from scratch on train_spec and evaluates on eval_spec.
inline FitResult fitAndEvaluate(const Arch& arch, const std::string& train_spec, const std::string& eval_spec,
                                const FitOptions& fo) {
  useCpuRuntime(2);
  torch::manual_seed(fo.seed);
  ReaderOptions ro;
  ro.table_size = kTable;
  CtrSource train(train_spec, ro), eval(eval_spec, ro);
  Supernet net(NetShape::forArch(arch, train.schema(), kTable));
  LoaderOptions lo;
  lo.batch_size = fo.batch;
  lo.shuffle_buffer = 10000;
  lo.seed = fo.seed;
  const SplitFilter split(fo.val_fraction, 1);
  BatchLoader loader(train, split, SplitPart::Train, lo);
  BatchLoader counter(train, split, SplitPart::Train, lo);
  const PassCount pass = countPass(counter);
  TrainOptions opt;
  opt.label_rate = pass.labelRate();
  opt.steps = pass.batches * fo.epochs;
  opt.log_every = pass.batches;
  opt.seed = fo.seed;
  LoaderOptions elo;
  elo.batch_size = 4096;
  std::optional<BatchLoader> val_loader;
  if (fo.select_every > 0) {
    val_loader.emplace(train, split, SplitPart::Validation, elo);
    opt.eval_every = fo.select_every;
    opt.validate = [&] { return evaluate(net, arch, *val_loader).log_loss; };
  }
  FitResult r;
  r.summary = Trainer(net, opt).trainFixed(loader, arch);
  BatchLoader eval_loader(eval, SplitFilter(), SplitPart::All, elo);
  r.metrics = evaluate(net, arch, eval_loader);
  return r;
}

// Every training-outcome test asserts at least this margin below the constant predictor's log loss
// (2 % of it), so that a result that only just beats the constant on one CPU cannot pass.
inline constexpr double kConstantMargin = 0.02;

}  // namespace autorac::models::test
