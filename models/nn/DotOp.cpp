#include "models/nn/DotOp.h"

#include <torch/torch.h>

#include "models/nn/BatchedSmallMatmul.h"

namespace autorac::models {

DotOpImpl::DotOpImpl(std::vector<int64_t> source_widths, int64_t max_tokens, int64_t max_out) {
  proj_in_ = register_module("proj_in", SlicedLinear(source_widths, Arch::kEmbeddingDim));
  proj_out_ = register_module(
      "proj_out", SlicedLinear(std::vector<int64_t>{Arch::kEmbeddingDim + pairs(max_tokens)}, max_out));
}

torch::Tensor DotOpImpl::forward(const SourceList& dense, const torch::Tensor& sparse, int64_t out,
                                 Precision p, Recorder* rec, const std::string& prefix) {
  auto d = proj_in_->forward(dense, Arch::kEmbeddingDim, p, rec, prefix + ".proj_in");
  auto z = torch::cat({d.unsqueeze(1), sparse}, 1);  // [B, t+1, 16]
  const int64_t n = z.size(1);
  auto gram = batchedSmallMatmul(z, z.transpose(1, 2));       // [B, t+1, t+1]
  auto idx = torch::tril_indices(n, n, -1);
  auto dots = gram.index({torch::indexing::Slice(), idx[0], idx[1]});
  auto feat = torch::cat({d, dots}, 1);
  return torch::relu(proj_out_->forward(feat, out, p, rec, prefix + ".proj_out"));
}

}  // namespace autorac::models
