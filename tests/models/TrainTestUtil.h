#pragma once
// Small helpers shared by the training tests: build, train a few steps, evaluate.
#include <string>

#include <torch/torch.h>

#include "DataPaths.h"
#include "models/data/BatchLoader.h"
#include "models/train/Evaluator.h"
#include "models/train/Trainer.h"

namespace autorac::models::test {

inline constexpr int64_t kTable = 1 << 17;  // the CLI default

struct FitResult {
  TrainSummary summary;
  Metrics metrics;
};

// Trains `arch` from scratch on train_spec for `epochs` passes (batch 512) and evaluates on eval_spec.
inline FitResult fitAndEvaluate(const Arch& arch, const std::string& train_spec, const std::string& eval_spec,
                                int epochs, int64_t batch = 512) {
  torch::set_num_threads(2);
  torch::manual_seed(1);
  ReaderOptions ro;
  ro.table_size = kTable;
  CtrSource train(train_spec, ro), eval(eval_spec, ro);
  Supernet net(NetShape::forArch(arch, train.schema(), kTable));
  LoaderOptions lo;
  lo.batch_size = batch;
  lo.shuffle_buffer = 10000;
  BatchLoader loader(train, SplitFilter(), SplitPart::All, lo);
  int64_t per_epoch = 0;
  {
    BatchLoader counter(train, SplitFilter(), SplitPart::All, lo);
    Batch b;
    while (counter.next(b)) ++per_epoch;
  }
  TrainOptions opt;
  opt.steps = per_epoch * epochs;
  opt.log_every = per_epoch;
  FitResult r;
  r.summary = Trainer(net, opt).trainFixed(loader, arch);
  LoaderOptions elo;
  elo.batch_size = 4096;
  BatchLoader eval_loader(eval, SplitFilter(), SplitPart::All, elo);
  r.metrics = evaluate(net, arch, eval_loader);
  return r;
}

}  // namespace autorac::models::test
