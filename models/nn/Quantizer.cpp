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
  // max(|min|, |max|) from one pass, without the copy x.abs() would make
  auto maxabs = torch::zeros({}, x.options());
  if (x.numel()) {
    auto [lo, hi] = torch::aminmax(x);
    maxabs = torch::maximum(lo.neg(), hi);
  }
  return (maxabs / static_cast<double>(quantMax(bits))).clamp_min(1e-12);
}

static torch::Tensor rowView(const torch::Tensor& scale, const torch::Tensor& w) {
  std::vector<int64_t> shape(w.dim(), 1);
  shape[0] = w.size(0);
  return scale.view(shape);
}

// The integers, as floats: round(x · (1/s)) clamped to [-q, q], with the reciprocal taken in float and
// ties rounded to even, exactly as ATen's fused fake-quantisation kernels compute them. The export's
// integers and the training forward both come from here, so they agree. `scale` broadcasts over x.
static torch::Tensor onGrid(const torch::Tensor& x, const torch::Tensor& scale, int64_t q) {
  auto v = x * scale.reciprocal();
  return v.round_().clamp_(-double(q), double(q));
}

Quantized quantizeWeight(const torch::Tensor& w, int bits) {
  torch::NoGradGuard guard;
  auto s = weightScale(w, bits);
  return {onGrid(w, rowView(s, w), quantMax(bits)).to(torch::kInt64), s};
}

Quantized quantizeActivation(const torch::Tensor& x, int bits) {
  torch::NoGradGuard guard;
  auto s = actScale(x, bits);
  return {onGrid(x, s, quantMax(bits)).to(torch::kInt64), s};
}

namespace {

// Fake quantisation with the straight-through estimator: forward onGrid(x) times s, what ATen's fused
// fake-quantisation kernels compute (tests/models/QuantizerTest.cpp compares them bit for bit);
// backward the identity, which is ATen's gradient too, since with a max-abs scale no value lies
// outside [-q, q] where its mask would stop it. Why not ATen's kernels: in LibTorch 1.13 on CPU they
// convert one element at a time through int64 and fmin/fmax, and took a sixth of `autorac score`'s
// time; these four whole-tensor passes vectorise (docs/models.md, "CPU runtime").
struct FakeQuantFn : torch::autograd::Function<FakeQuantFn> {
  static torch::Tensor forward(torch::autograd::AutogradContext*, const torch::Tensor& x,
                               const torch::Tensor& scale, int64_t q) {
    return onGrid(x, scale, q).mul_(scale);
  }
  static torch::autograd::variable_list backward(torch::autograd::AutogradContext*,
                                                 torch::autograd::variable_list grad) {
    return {grad[0], torch::Tensor(), torch::Tensor()};
  }
};

}  // namespace

torch::Tensor fakeQuantWeight(const torch::Tensor& w, int bits) {
  const int64_t q = quantMax(bits);
  return FakeQuantFn::apply(w, rowView(weightScale(w, bits), w), q);
}

torch::Tensor fakeQuantActivation(const torch::Tensor& x, int bits) {
  const int64_t q = quantMax(bits);
  return FakeQuantFn::apply(x, actScale(x, bits), q);
}

}  // namespace autorac::models
