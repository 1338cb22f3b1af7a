#pragma once
// Refits a sub-network's output unit on frozen inherited features: logistic regression of the labels
// on the head's input (the last block's dense output and flattened sparse output), with an L2 pull
// toward the inherited head weights. Sub-networks of a one-shot supernet share one output unit, which
// suits the supernet's average path and none in particular; a linear probe of each path's own
// features measures what information the path's (inherited) layers keep, which is what stand-alone
// training builds on (linear probing as a cheap proxy of representation quality: Alain & Bengio,
// "Understanding intermediate layers using linear classifier probes", 2016). `l2` -> infinity gives
// the inherited head back (plus a free bias); l2 -> 0 a plain logistic regression. Platt scaling
// (SubnetScorer's default protocol) is the 2-parameter special case.
#include <torch/types.h>

namespace autorac::models {

struct LinearHead {
  torch::Tensor weight;  // [in], float64
  double bias = 0;
  // Logits of x [rows, in].
  torch::Tensor logits(const torch::Tensor& x) const;
};

// Minimises sum_i w_i * BCE(x_i . v + c, y_i) / sum_i w_i + l2 / 2 * ||v - prior||^2 by Newton's
// method with step halving. x [rows, in], y and w [rows]; prior [in].
LinearHead fitLinearHead(const torch::Tensor& x, const torch::Tensor& y, const torch::Tensor& w,
                         const torch::Tensor& prior, double prior_bias, double l2);

}  // namespace autorac::models
