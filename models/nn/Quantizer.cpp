#include "models/nn/Quantizer.h"

#include <stdexcept>

#include <torch/torch.h>

namespace autorac::models {

int64_t quantMax(int bits) {
  if (bits < 2 || bits > 16) throw std::invalid_argument("quantiser bits must be 2..16");
  return (int64_t{1} << (bits - 1)) - 1;
}

static torch::Tensor weightScale(const torch::Tensor& w, int bits) {
  torch::NoGradGuard guard;
  auto maxabs = w.abs().reshape({w.size(0), -1}).amax(1);
  return (maxabs / static_cast<double>(quantMax(bits))).clamp_min(1e-12);
}

static torch::Tensor actScale(const torch::Tensor& x, int bits) {
  torch::NoGradGuard guard;
  auto maxabs = x.numel() ? x.abs().max() : torch::zeros({}, x.options());
  return (maxabs / static_cast<double>(quantMax(bits))).clamp_min(1e-12);
}

static torch::Tensor rowView(const torch::Tensor& scale, const torch::Tensor& w) {
  std::vector<int64_t> shape(w.dim(), 1);
  shape[0] = w.size(0);
  return scale.view(shape);
}

Quantized quantizeWeight(const torch::Tensor& w, int bits) {
  torch::NoGradGuard guard;
  auto s = weightScale(w, bits);
  const double q = static_cast<double>(quantMax(bits));
  auto v = torch::round(w / rowView(s, w)).clamp(-q, q).to(torch::kInt64);
  return {v, s};
}

Quantized quantizeActivation(const torch::Tensor& x, int bits) {
  torch::NoGradGuard guard;
  auto s = actScale(x, bits);
  const double q = static_cast<double>(quantMax(bits));
  auto v = torch::round(x / s).clamp(-q, q).to(torch::kInt64);
  return {v, s};
}

torch::Tensor fakeQuantWeight(const torch::Tensor& w, int bits) {
  auto s = rowView(weightScale(w, bits), w);
  const double q = static_cast<double>(quantMax(bits));
  auto fq = torch::round(w.detach() / s).clamp(-q, q) * s;
  return w + (fq - w).detach();
}

torch::Tensor fakeQuantActivation(const torch::Tensor& x, int bits) {
  auto s = actScale(x, bits);
  const double q = static_cast<double>(quantMax(bits));
  auto fq = torch::round(x.detach() / s).clamp(-q, q) * s;
  return x + (fq - x).detach();
}

}  // namespace autorac::models
