#pragma once
// Dot-product interaction (DLRM-style): the dense input is projected to one 16-wide token, stacked
// in front of the block's sparse tokens, and the strict lower triangle of their pairwise dot products
// (row-major, so the pairs of t tokens are a prefix of those of t' > t) is concatenated with the
// projected token and projected to the block width, then ReLU.
#include <torch/nn/module.h>
#include <torch/nn/pimpl.h>

#include "models/nn/SlicedLinear.h"

namespace autorac::models {

class DotOpImpl : public torch::nn::Module {
public:
  DotOpImpl(std::vector<int64_t> source_widths, int64_t max_tokens, int64_t max_out);
  torch::Tensor forward(const SourceList& dense, const torch::Tensor& sparse, int64_t out, Precision p,
                        Recorder* rec, const std::string& prefix);
  static int64_t pairs(int64_t tokens) { return tokens * (tokens + 1) / 2; }  // of tokens + 1 rows

private:
  SlicedLinear proj_in_{nullptr}, proj_out_{nullptr};
};
TORCH_MODULE(DotOp);

}  // namespace autorac::models
