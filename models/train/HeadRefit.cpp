#include "models/train/HeadRefit.h"

#include <cmath>

#include <torch/torch.h>

namespace autorac::models {

namespace {

// Mean weighted log loss of logits t plus the L2 pull, all float64.
double objective(const torch::Tensor& t, const torch::Tensor& y, const torch::Tensor& w, double wsum,
                 const torch::Tensor& v, const torch::Tensor& prior, double l2) {
  const auto bce = torch::nn::functional::softplus(t) - y * t;  // log(1 + e^t) - y t, stable
  return (w * bce).sum().item<double>() / wsum + 0.5 * l2 * (v - prior).pow(2).sum().item<double>();
}

}  // namespace

torch::Tensor LinearHead::logits(const torch::Tensor& x) const {
  return torch::mv(x.to(torch::kFloat64), weight) + bias;
}

LinearHead fitLinearHead(const torch::Tensor& x_in, const torch::Tensor& y_in, const torch::Tensor& w_in,
                         const torch::Tensor& prior_in, double prior_bias, double l2) {
  torch::NoGradGuard guard;
  const auto x = x_in.to(torch::kFloat64).contiguous(), y = y_in.to(torch::kFloat64).reshape({-1}),
             w = w_in.to(torch::kFloat64).reshape({-1}), prior = prior_in.to(torch::kFloat64).reshape({-1});
  const int64_t n = x.size(0), d = x.size(1);
  const double wsum = std::max(w.sum().item<double>(), 1e-12);
  // Parameters [v; c]: the bias is the last coordinate and is not pulled.
  const auto xb = torch::cat({x, torch::ones({n, 1}, x.options())}, 1);
  auto theta = torch::cat({prior, torch::full({1}, prior_bias, x.options())});
  auto penalty = torch::full({d + 1}, l2, x.options());
  penalty[d] = 1e-9;  // keeps the system solvable when every row is alike
  const auto center = torch::cat({prior, torch::zeros({1}, x.options())});
  auto loss = objective(torch::mv(xb, theta), y, w, wsum, theta.narrow(0, 0, d), prior, l2);
  for (int iter = 0; iter < 30; ++iter) {
    const auto t = torch::mv(xb, theta), p = torch::sigmoid(t);
    const auto grad = torch::mv(xb.t(), w * (p - y)) / wsum + penalty * (theta - center) * (torch::arange(d + 1) < d).to(x.scalar_type());
    const auto h = w * p * (1 - p) / wsum;
    const auto hess = torch::mm(xb.t() * h, xb) + torch::diag(penalty);
    const auto step = std::get<0>(torch::linalg_solve_ex(hess, grad.unsqueeze(1))).squeeze(1);
    double scale = 1;
    bool improved = false;
    for (int halving = 0; halving < 20; ++halving, scale /= 2) {
      const auto cand = theta - scale * step;
      const double l = objective(torch::mv(xb, cand), y, w, wsum, cand.narrow(0, 0, d), prior, l2);
      if (l <= loss) {
        improved = loss - l > 1e-10 * std::max(1.0, loss);
        theta = cand, loss = l;
        break;
      }
    }
    if (!improved) break;
  }
  return {theta.narrow(0, 0, d).clone(), theta[d].item<double>()};
}

}  // namespace autorac::models
