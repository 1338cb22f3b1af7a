#pragma once
// Symmetric uniform quantisation, as the chip computes: integers in [-(2^(b-1)-1), 2^(b-1)-1] times a
// scale. Weights: one scale per output channel (row); activations: one scale per tensor, taken from
// the batch's largest magnitude. The fake-quantised float tensors carry a straight-through gradient
// (d q(x) / dx = 1), so quantisation-aware training works for every bits in {2, 4, 8, 16}.
#include <cstdint>

#include <torch/types.h>

namespace autorac::models {

struct Quantized {
  torch::Tensor values;  // int64, same shape as the input
  torch::Tensor scale;   // weights: [rows]; activations: scalar
};

int64_t quantMax(int bits);
// Integer forms (no gradient): value ~= values * scale (broadcast per row for weights).
Quantized quantizeWeight(const torch::Tensor& w, int bits);
Quantized quantizeActivation(const torch::Tensor& x, int bits);
// Fake quantisation with the straight-through estimator.
torch::Tensor fakeQuantWeight(const torch::Tensor& w, int bits);
torch::Tensor fakeQuantActivation(const torch::Tensor& x, int bits);

}  // namespace autorac::models
