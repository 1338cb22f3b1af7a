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

// The integers are round(x * (1/s)) with the reciprocal taken in float, exactly as ATen's fused
// fake-quantisation kernels compute them, so exported integers and the training forward agree.
Quantized quantizeWeight(const torch::Tensor& w, int bits) {
  torch::NoGradGuard guard;
  auto s = weightScale(w, bits);
  const double q = static_cast<double>(quantMax(bits));
  auto v = torch::round(w * rowView(s.reciprocal(), w)).clamp(-q, q).to(torch::kInt64);
  return {v, s};
}

Quantized quantizeActivation(const torch::Tensor& x, int bits) {
  torch::NoGradGuard guard;
  auto s = actScale(x, bits);
  const double q = static_cast<double>(quantMax(bits));
  auto v = torch::round(x * s.reciprocal()).clamp(-q, q).to(torch::kInt64);
  return {v, s};
}

// ATen's fused fake-quantisation (one pass forward, one backward, instead of seven elementwise ops).
// Its gradient passes where the value lies inside [-q, q] before clamping, which with a max-abs scale
// is everywhere: the straight-through estimator d q(x) / dx = 1.
torch::Tensor fakeQuantWeight(const torch::Tensor& w, int bits) {
  const int64_t q = quantMax(bits);
  auto s = weightScale(w, bits).to(torch::kFloat32);
  auto zero = torch::zeros({w.size(0)}, w.options().dtype(torch::kInt32));
  return torch::fake_quantize_per_channel_affine(w, s, zero, 0, -q, q);
}

torch::Tensor fakeQuantActivation(const torch::Tensor& x, int bits) {
  const int64_t q = quantMax(bits);
  auto s = actScale(x, bits).to(torch::kFloat32).reshape({1});
  auto zero = torch::zeros({1}, x.options().dtype(torch::kInt32));
  return torch::fake_quantize_per_tensor_affine(x, s, zero, -q, q);
}

}  // namespace autorac::models
