#include "models/nn/EfcOp.h"

#include <torch/torch.h>

namespace autorac::models {

EfcOpImpl::EfcOpImpl(std::vector<int64_t> source_tokens, int64_t max_tokens) {
  mix_ = register_module("mix", SlicedLinear(source_tokens, max_tokens));
}

torch::Tensor EfcOpImpl::forward(const SourceList& sparse, int64_t tokens, Precision p, Recorder* rec,
                                 const std::string& prefix) {
  SourceList transposed;
  for (const auto& [src, s] : sparse) transposed.emplace_back(src, s.transpose(1, 2));  // [B, 16, T_j]
  return mix_->forward(transposed, tokens, p, rec, prefix).transpose(1, 2);          // [B, t, 16]
}

}  // namespace autorac::models
