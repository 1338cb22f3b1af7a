#include "models/nn/GatingOp.h"

#include <torch/torch.h>

namespace autorac::models {

torch::Tensor padTo(const torch::Tensor& x, int64_t width) {
  const int64_t w = x.size(-1);
  if (w == width) return x;
  if (w > width) return x.narrow(-1, 0, width);
  return torch::nn::functional::pad(x, torch::nn::functional::PadFuncOptions({0, width - w}));
}

torch::Tensor padSum(const SourceList& inputs, int64_t width) {
  torch::Tensor s;
  for (const auto& in : inputs) s = s.defined() ? s + padTo(in.second, width) : padTo(in.second, width);
  return s;
}

GatingOpImpl::GatingOpImpl(std::vector<int64_t> source_widths, int64_t max_out) {
  gate_ = register_module("gate", SlicedLinear(source_widths, max_out));
  out_ = register_module("out", SlicedLinear(std::vector<int64_t>{max_out}, max_out));
}

torch::Tensor GatingOpImpl::forward(const SourceList& dense, int64_t out, Precision p, Recorder* rec,
                                    const std::string& prefix) {
  auto g = torch::sigmoid(gate_->forward(dense, out, p, rec, prefix + ".gate"));
  auto r = padSum(dense, out);
  return out_->forward(r * g, out, p, rec, prefix + ".out");
}

}  // namespace autorac::models
