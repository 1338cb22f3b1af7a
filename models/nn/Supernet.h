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
  // Starts the output unit at the training label rate: bias = log(p / (1 - p)). With a zero-mean
  // bias and Adagrad at lr 0.01 the bias moves at most ~2*lr*sqrt(steps) (0.2 in 120 steps) while
  // Avazu's base rate needs -1.6, so short runs otherwise sit near p = 0.5 and end miscalibrated.
  // The prior-probability initialisation of Lin et al., "Focal Loss for Dense Object Detection", 2017.
  void setOutputPrior(double label_rate);

private:
  NetShape shape_;
  torch::nn::Embedding embedding_{nullptr};
  std::vector<Block> blocks_;
  SlicedLinear head_{nullptr};
};
TORCH_MODULE(Supernet);

}  // namespace autorac::models
