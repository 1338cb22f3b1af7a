#pragma once
// The one-shot supernet: a shared embedding table, one Block per position holding every candidate op
// at its largest size, and the head (a linear unit over the last block's dense output and flattened
// sparse output). forward() runs one architecture (a path) through the shared weights. Built from
// NetShape::forArch it is exactly the stand-alone network of that architecture.
#include <vector>

#include <torch/nn/module.h>
#include <torch/nn/modules/embedding.h>
#include <torch/nn/pimpl.h>

#include "models/nn/Block.h"
#include "models/space/NetShape.h"

namespace autorac::models {

class SupernetImpl : public torch::nn::Module {
public:
  explicit SupernetImpl(NetShape shape);
  // dense [B, numDense] float, sparse [B, numSparse] int64 -> logits [B].
  torch::Tensor forward(const torch::Tensor& dense, const torch::Tensor& sparse, const Arch& arch,
                        Recorder* rec = nullptr);
  const NetShape& shape() const { return shape_; }
  // Throws std::invalid_argument if `arch` cannot run on this network (too many blocks, sizes).
  void checkArch(const Arch& arch) const;
  int64_t parameterCount();

private:
  NetShape shape_;
  torch::nn::Embedding embedding_{nullptr};
  std::vector<Block> blocks_;
  SlicedLinear head_{nullptr};
};
TORCH_MODULE(Supernet);

}  // namespace autorac::models
