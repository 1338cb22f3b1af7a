#pragma once
// One block of the (super)network: every candidate op its BlockShape allows, with shared weights.
// forward() runs the ops the BlockArch picks: sparse op first (its output feeds the dot op), then the
// dense op, then FM (added to the dense output), a parameter-free LayerNorm of the dense output, and
// the dense-to-sparse merge (8 extra tokens).
#include <string>
#include <vector>

#include <torch/nn/module.h>
#include <torch/nn/pimpl.h>

#include "models/nn/AttentionOp.h"
#include "models/nn/DotOp.h"
#include "models/nn/EfcOp.h"
#include "models/nn/GatingOp.h"
#include "models/nn/SlicedLinear.h"
#include "models/space/NetShape.h"

namespace autorac::models {

struct BlockOutput {
  torch::Tensor dense;   // [B, width]
  torch::Tensor sparse;  // [B, tokens (+8), 16]
};

class BlockImpl : public torch::nn::Module {
public:
  explicit BlockImpl(const BlockShape& shape);
  BlockOutput forward(const BlockArch& a, const std::vector<torch::Tensor>& dense_outs,
                      const std::vector<torch::Tensor>& sparse_outs, Recorder* rec,
                      const std::string& prefix);

private:
  BlockShape shape_;
  SlicedLinear fc_{nullptr}, sum_{nullptr}, cross_{nullptr}, merge_{nullptr};
  DotOp dot_{nullptr};
  GatingOp gating_{nullptr};
  EfcOp efc_{nullptr};
  AttentionOp attention_{nullptr};
};
TORCH_MODULE(Block);

// FM interaction vector of tokens [B, T, 16]: 0.5 * ((sum_t v)^2 - sum_t v^2), shape [B, 16].
torch::Tensor fmInteraction(const torch::Tensor& tokens);

}  // namespace autorac::models
