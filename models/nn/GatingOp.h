#pragma once
// Sigmoid gating: out = linear_o(right (.) sigmoid(linear_g(left))), where left is the concatenation of
// the block's dense inputs and right is their zero-padded sum cut to the block width.
#include <torch/nn/module.h>
#include <torch/nn/pimpl.h>

#include "models/nn/SlicedLinear.h"

namespace autorac::models {

class GatingOpImpl : public torch::nn::Module {
public:
  GatingOpImpl(std::vector<int64_t> source_widths, int64_t max_out);
  torch::Tensor forward(const SourceList& dense, int64_t out, Precision p, Recorder* rec,
                        const std::string& prefix);

private:
  SlicedLinear gate_{nullptr}, out_{nullptr};
};
TORCH_MODULE(GatingOp);

// Zero-pads or cuts x [B, w] to [B, width].
torch::Tensor padTo(const torch::Tensor& x, int64_t width);
// Sum of the inputs, each zero-padded/cut to width.
torch::Tensor padSum(const SourceList& inputs, int64_t width);

}  // namespace autorac::models
