#include "models/train/Evaluator.h"

#include <torch/torch.h>

namespace autorac::models {

Metrics evaluate(Supernet& net, const Arch& arch, BatchLoader& loader) {
  torch::NoGradGuard guard;
  const bool was_training = net->is_training();
  net->eval();
  std::vector<float> prob, label;
  Batch b;
  while (loader.next(b)) {
    auto p = torch::sigmoid(net->forward(b.dense, b.sparse, arch)).contiguous();
    prob.insert(prob.end(), p.data_ptr<float>(), p.data_ptr<float>() + p.numel());
    auto y = b.label.contiguous();
    label.insert(label.end(), y.data_ptr<float>(), y.data_ptr<float>() + y.numel());
  }
  net->train(was_training);
  return computeMetrics(prob, label);
}

}  // namespace autorac::models
