#pragma once
// Multi-head self-attention over the concatenated input tokens (2 heads of 8), residual + LayerNorm,
// then a 2-layer FFN (16 -> 32 -> 16, ReLU) with residual + LayerNorm. The block's token count keeps
// the first t output tokens (zero tokens are appended if there are fewer).
#include <torch/nn/modules/normalization.h>
#include <torch/nn/module.h>
#include <torch/nn/pimpl.h>

#include "models/nn/SlicedLinear.h"

namespace autorac::models {

class AttentionOpImpl : public torch::nn::Module {
public:
  static constexpr int kHeads = 2;
  static constexpr int kFfn = 32;
  AttentionOpImpl();
  torch::Tensor forward(const SourceList& sparse, int64_t tokens, Precision p, Recorder* rec,
                        const std::string& prefix);

private:
  SlicedLinear qkv_{nullptr}, out_{nullptr}, ffn1_{nullptr}, ffn2_{nullptr};
  torch::nn::LayerNorm ln1_{nullptr}, ln2_{nullptr};
};
TORCH_MODULE(AttentionOp);

}  // namespace autorac::models
