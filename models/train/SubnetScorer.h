#pragma once
// Scores many architectures with one supernet's inherited weights, loaded once (the evaluator a
// search asks; `autorac score` serves it to other processes). The calibration rows (the validation
// split of the training file, never trained on) and the evaluation rows are read into memory once;
// a score is eval-mode forward passes, after the optional fine-tune (FineTune below).
//
// Protocol: inherited weights (fine-tuned briefly when asked), then a per-path recalibration of the
// output unit (Platt scaling: the logit z becomes a*z + b, a and b fitted by Newton's method on the
// calibration rows). Sub-networks share one head, so each path's logits come out at a scale and
// offset that suit the supernet's average path, not its own; without recalibration the log loss
// mostly measures that mismatch. It is the output-layer analogue of the batch-norm recalibration
// one-shot NAS does per sub-network before scoring it (Guo et al., "Single Path One-Shot NAS", ECCV
// 2020). AUC is unaffected (a > 0).
// With `head_l2` > 0 the recalibration is a whole refit of the output unit on the path's own
// features (HeadRefit.h), pulled toward the inherited head with that L2 weight.
// Without evaluation rows the calibration rows are scored themselves, cross-fitted: the recalibration
// fitted on one half scores the other, so no row is scored by a fit that saw it.
#include <vector>

#include "models/data/BatchLoader.h"
#include "models/nn/Supernet.h"
#include "models/train/Metrics.h"
#include "models/train/Trainer.h"

namespace autorac::models {

struct SubnetScore {
  Metrics metrics;             // on the evaluation rows, after recalibration
  Metrics uncalibrated;        // the same rows, raw inherited weights
  double scale = 1, bias = 0;  // the recalibration a, b
  double seconds = 0;          // wall time of this score
};

struct ScoreProtocol {
  // 0: Platt scaling of the inherited logit; > 0: refit the head (HeadRefit.h). 0.1 was chosen on the
  // validation split of criteo/train.txt (tiny space, 24 sub-networks; docs/models.md).
  double head_l2 = 0.1;
};

// An optional short fine-tune of each path before its score (the evaluation NASRec-style one-shot
// NAS may use): Trainer::trainFixed, one step on each of `batches` in order, from the inherited
// weights. The batches are read once and kept, so every path sees the same rows whatever was scored
// before it, at no reading cost; the inherited weights are restored after each score.
struct FineTune {
  // `autorac score`'s defaults, chosen on the validation splits of criteo/train.txt and
  // avazu/train.csv (24 tiny-space sub-networks; docs/models.md, "Choosing the fine-tune").
  static constexpr int64_t kDefaultSteps = 7, kDefaultBatch = 256;
  std::vector<Batch> batches;  // from the training split; empty = no fine-tune
  TrainOptions options;        // its steps are batches.size()
};

class SubnetScorer {
public:
  // `calibration` may be empty: then no recalibration (a = 1, b = 0). `evaluation` may be empty:
  // then the calibration rows are scored, cross-fitted over two halves.
  SubnetScorer(Supernet net, std::vector<Batch> calibration, std::vector<Batch> evaluation,
               ScoreProtocol protocol = {}, FineTune finetune = {});
  // Throws std::invalid_argument if the architecture cannot run on the supernet.
  SubnetScore score(const Arch& arch);
  // Reads a loader's whole epoch into memory.
  static std::vector<Batch> readAll(BatchLoader& loader);

private:
  Supernet net_;
  std::vector<Batch> calibration_, evaluation_;
  ScoreProtocol protocol_;
  FineTune finetune_;
};

// Platt scaling: a, b minimising the weighted log loss of sigmoid(a*z + b) against y (Newton's
// method on the 2-parameter logistic regression, with step halving). Returns {1, 0} without data and
// {0, logit(label rate)} when the best a is negative.
std::pair<double, double> fitPlatt(const std::vector<float>& logit, const std::vector<float>& label,
                                   const std::vector<float>& weight);

}  // namespace autorac::models
