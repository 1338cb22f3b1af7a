#include "models/nn/SlicedLinear.h"

#include <algorithm>
#include <cmath>
#include <functional>

#include <torch/torch.h>

#include "models/nn/Quantizer.h"

namespace autorac::models {

SlicedLinearImpl::SlicedLinearImpl(std::vector<int64_t> source_widths, int64_t max_out, bool bias)
    : max_out_(max_out) {
  // Fan-in of a typical path: the (at most 4) widest sources.
  auto sorted = source_widths;
  std::sort(sorted.begin(), sorted.end(), std::greater<>());
  int64_t fan = 0;
  for (size_t i = 0; i < sorted.size() && i < 4; ++i) fan += sorted[i];
  const double bound = 1.0 / std::sqrt(static_cast<double>(std::max<int64_t>(fan, 1)));
  for (size_t j = 0; j < source_widths.size(); ++j)
    weights_.push_back(register_parameter(
        "w" + std::to_string(j), torch::empty({max_out, source_widths[j]}).uniform_(-bound, bound)));
  if (bias) bias_ = register_parameter("b", torch::empty({max_out}).uniform_(-bound, bound));
}

void SlicedLinearImpl::fillBias(double v) {
  torch::NoGradGuard guard;
  if (bias_.defined()) bias_.fill_(v);
}

torch::Tensor SlicedLinearImpl::weightFor(const std::vector<std::pair<int, int64_t>>& layout,
                                          int64_t out) const {
  std::vector<torch::Tensor> parts;
  for (const auto& [src, width] : layout) {
    TORCH_CHECK(src >= 0 && src < static_cast<int>(weights_.size()), "SlicedLinear: bad source ", src);
    TORCH_CHECK(width <= weights_[src].size(1), "SlicedLinear: source ", src, " width ", width,
                " exceeds ", weights_[src].size(1));
    parts.push_back(weights_[src].narrow(0, 0, out).narrow(1, 0, width));
  }
  return parts.size() == 1 ? parts[0] : torch::cat(parts, 1);
}

torch::Tensor SlicedLinearImpl::forward(const SourceList& inputs, int64_t out, Precision p,
                                        Recorder* rec, const std::string& name) {
  TORCH_CHECK(out <= max_out_, "SlicedLinear: out ", out, " exceeds ", max_out_);
  std::vector<std::pair<int, int64_t>> layout;
  std::vector<torch::Tensor> xs;
  for (const auto& [src, x] : inputs) {
    layout.emplace_back(src, x.size(-1));
    xs.push_back(x);
  }
  auto w = weightFor(layout, out);
  auto x = xs.size() == 1 ? xs[0] : torch::cat(xs, -1);
  auto b = bias_.defined() ? bias_.narrow(0, 0, out) : torch::Tensor();
  if (rec) rec->linears.push_back({name, w.detach(), b.defined() ? b.detach() : b,
                                   x.detach().reshape({-1, x.size(-1)}), p});
  return torch::nn::functional::linear(fakeQuantActivation(x, p.act_bits),
                                       fakeQuantWeight(w, p.weight_bits), b);
}

torch::Tensor SlicedLinearImpl::forward(const torch::Tensor& x, int64_t out, Precision p,
                                        Recorder* rec, const std::string& name) {
  return forward(SourceList{{0, x}}, out, p, rec, name);
}

}  // namespace autorac::models
