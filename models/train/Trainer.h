#pragma once
// The training loop shared by the supernet (a path sampled per step) and stand-alone architectures
// (the same path every step). NASRec's settings are the defaults (Adagrad, batch 512, cosine
// schedule after a 10 % linear warm-up, gradient-norm clip 5) except the learning rate: 0.01, as 0.12
// diverged on every baseline (loss > 10 after one epoch). Supernet warm-up: during the first
// `supernet_warmup` fraction of steps the path is SearchSpace::largest (every block at full width and
// tokens, merge and FM on, all recent inputs; op types drawn at random) with a probability decaying
// linearly from 1 to 0, else a uniformly sampled path; then uniform sampling.
// Checkpoints (model, optimiser, position in the data) are written every `checkpoint_every` steps and
// at the end; with resume, a killed run continues from its last checkpoint and ends identically.
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

#include "models/data/BatchLoader.h"
#include "models/nn/Supernet.h"
#include "models/space/SearchSpace.h"

namespace autorac::models {

struct TrainOptions {
  double lr = 0.01;  // NASRec used 0.12; here 0.12 diverges in the first steps (see docs/models.md)
  double lr_warmup = 0.1;        // fraction of steps with a linear lr ramp
  double clip = 5.0;
  int64_t steps = 0;             // required (> 0)
  double supernet_warmup = 0.1;  // fraction of steps training the largest path (supernet only)
  // In-place distillation (supernet only; Yu et al., "BigNAS", ECCV 2020; Yu & Huang, "Universally
  // Slimmable Networks", ICCV 2019): after the warm-up, each step trains the largest path on the labels
  // and `distill_paths` sampled paths on the largest path's predicted probabilities (detached), one
  // backward pass over the summed losses. 0 = one sampled path per step on the labels.
  int distill_paths = 0;
  // After the warm-up, without distillation: this many sampled paths per step, each on the labels, their
  // losses summed into one update (multi-path sampling, as FairNAS trains several paths per step).
  int paths_per_step = 1;
  double label_rate = 0;         // training label rate: a fresh run starts the output bias at its
                                 // log-odds (Supernet::setOutputPrior); 0 = keep the initial bias
  uint64_t seed = 1;
  std::string checkpoint;        // file prefix; "" = none
  int64_t checkpoint_every = 500;
  bool resume = false;
  int64_t stop_after = 0;        // stop (as if killed) after this many steps; 0 = run to the end
  int64_t log_every = 50;
  // Validation-based model selection: every `eval_every` steps and at the end, `validate` scores the
  // current weights (validation log loss; for a supernet, the mean over fixed probe paths); the run
  // ends with the best-scoring weights, also saved as "<checkpoint>.selected.model.pt". CTR models overfit from their second epoch on (Zhang et al., "Towards Understanding the
  // Overfitting Phenomenon of Deep Click-Through Rate Prediction Models", CIKM 2022).
  int64_t eval_every = 0;
  std::function<double()> validate;
  std::ostream* log = nullptr;   // progress lines and summary; nullptr = silent
};

struct TrainSummary {
  int64_t steps = 0, samples = 0, resumed_from = 0;
  double seconds = 0, samples_per_second = 0;
  double first_loss = 0, final_loss = 0;  // mean over the first / last log window
  int64_t best_step = 0;                   // step whose weights the run kept (model selection)
  double best_validation = 0;              // their validation log loss (0 without selection)
};

class Trainer {
public:
  Trainer(Supernet net, TrainOptions options);
  // Trains on `arch` at every step.
  TrainSummary trainFixed(BatchLoader& loader, const Arch& arch);
  // Trains on `arch` for options.steps steps over these batches in order (cycling), kept in memory:
  // a fine-tune that sees the same rows each time without re-reading a file. No checkpoints.
  TrainSummary trainFixed(const std::vector<Batch>& batches, const Arch& arch);
  // Trains the supernet, sampling a path of `space` per step (after warm-up).
  TrainSummary trainSupernet(BatchLoader& loader, const SearchSpace& space);

private:
  // The paths one step trains; with distillation the first is the teacher of the others.
  struct StepPaths {
    std::vector<Arch> paths;
    bool distill = false;
  };
  // `next` gives each step's batch; `loader` (nullptr for batches in memory) is where checkpoints
  // record and resume the position in the data.
  TrainSummary run(const std::function<bool(Batch&)>& next, BatchLoader* loader,
                   const std::function<StepPaths(int64_t)>& pathsForStep);
  Supernet net_;
  TrainOptions opt_;
};

}  // namespace autorac::models
