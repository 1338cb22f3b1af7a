#pragma once
// EFC: a fully connected layer along the token axis, mapping the concatenated input tokens
// [B, T, 16] to [B, t, 16] with one weight [t, T] shared by the 16 embedding columns (so the chip sees
// an fc with in = T, out = t applied to 16 vectors per sample).
#include <torch/nn/module.h>
#include <torch/nn/pimpl.h>

#include "models/nn/SlicedLinear.h"

namespace autorac::models {

class EfcOpImpl : public torch::nn::Module {
public:
  EfcOpImpl(std::vector<int64_t> source_tokens, int64_t max_tokens);
  torch::Tensor forward(const SourceList& sparse, int64_t tokens, Precision p, Recorder* rec,
                        const std::string& prefix);

private:
  SlicedLinear mix_{nullptr};
};
TORCH_MODULE(EfcOp);

}  // namespace autorac::models
