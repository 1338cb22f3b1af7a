#include "models/train/SubnetScorer.h"

#include <algorithm>
#include <chrono>
#include <cmath>

#include <torch/torch.h>

namespace autorac::models {

namespace {

struct Logits {
  std::vector<float> z, y, w;
};

Logits logitsOf(Supernet& net, const Arch& arch, const std::vector<Batch>& batches) {
  Logits out;
  for (const auto& b : batches) {
    auto z = net->forward(b.dense, b.sparse, arch).contiguous();
    out.z.insert(out.z.end(), z.data_ptr<float>(), z.data_ptr<float>() + z.numel());
    auto y = b.label.contiguous(), w = b.weight.contiguous();
    out.y.insert(out.y.end(), y.data_ptr<float>(), y.data_ptr<float>() + y.numel());
    out.w.insert(out.w.end(), w.data_ptr<float>(), w.data_ptr<float>() + w.numel());
  }
  return out;
}

double sigmoid(double x) { return 1.0 / (1.0 + std::exp(-x)); }

double plattLoss(const std::vector<float>& z, const std::vector<float>& y, const std::vector<float>& w,
                 double a, double b) {
  double loss = 0;
  for (size_t i = 0; i < z.size(); ++i) {
    const double t = a * z[i] + b;
    // log(1 + e^t) - y t, computed without overflow
    loss += w[i] * ((t > 0 ? t + std::log1p(std::exp(-t)) : std::log1p(std::exp(t))) - y[i] * t);
  }
  return loss;
}

Metrics metricsOf(const Logits& l, double a, double b) {
  std::vector<float> p(l.z.size());
  for (size_t i = 0; i < p.size(); ++i) p[i] = static_cast<float>(sigmoid(a * l.z[i] + b));
  return computeMetrics(p, l.y);
}

}  // namespace

std::pair<double, double> fitPlatt(const std::vector<float>& z, const std::vector<float>& y,
                                   const std::vector<float>& w) {
  double a = 1, b = 0;
  if (z.empty()) return {a, b};
  double loss = plattLoss(z, y, w, a, b);
  for (int iter = 0; iter < 50; ++iter) {
    double ga = 0, gb = 0, haa = 0, hab = 0, hbb = 0;
    for (size_t i = 0; i < z.size(); ++i) {
      const double p = sigmoid(a * z[i] + b), r = w[i] * (p - y[i]), h = w[i] * p * (1 - p);
      ga += r * z[i];
      gb += r;
      haa += h * z[i] * z[i];
      hab += h * z[i];
      hbb += h;
    }
    haa += 1e-9;  // keeps the system solvable when every logit is equal
    hbb += 1e-9;
    const double det = haa * hbb - hab * hab;
    if (!(std::fabs(det) > 0)) break;
    double da = (hbb * ga - hab * gb) / det, db = (haa * gb - hab * ga) / det;
    double step = 1;
    bool improved = false;
    for (int halving = 0; halving < 30; ++halving, step /= 2) {
      const double na = a - step * da, nb = b - step * db, nl = plattLoss(z, y, w, na, nb);
      if (nl <= loss) {
        improved = loss - nl > 1e-12 * std::max(1.0, loss);
        a = na, b = nb, loss = nl;
        break;
      }
    }
    if (!improved) break;
  }
  if (a < 0) {
    // A path whose logits rank the calibration rows backwards gets no credit for it: it is scored as
    // the constant predictor at the calibration label rate.
    double wy = 0, ws = 0;
    for (size_t i = 0; i < z.size(); ++i) wy += w[i] * y[i], ws += w[i];
    const double r = std::clamp(wy / std::max(ws, 1e-12), 1e-6, 1 - 1e-6);
    return {0.0, std::log(r / (1 - r))};
  }
  return {a, b};
}

SubnetScorer::SubnetScorer(Supernet net, std::vector<Batch> calibration, std::vector<Batch> evaluation)
    : net_(std::move(net)), calibration_(std::move(calibration)), evaluation_(std::move(evaluation)) {
  net_->eval();
}

std::vector<Batch> SubnetScorer::readAll(BatchLoader& loader) {
  std::vector<Batch> all;
  Batch b;
  while (loader.next(b)) all.push_back(b);
  return all;
}

SubnetScore SubnetScorer::score(const Arch& arch) {
  const auto t0 = std::chrono::steady_clock::now();
  net_->checkArch(arch);
  torch::NoGradGuard guard;
  SubnetScore s;
  const Logits eval = logitsOf(net_, arch, evaluation_);
  if (!calibration_.empty()) {
    const Logits cal = logitsOf(net_, arch, calibration_);
    std::tie(s.scale, s.bias) = fitPlatt(cal.z, cal.y, cal.w);
  }
  s.uncalibrated = metricsOf(eval, 1, 0);
  s.metrics = metricsOf(eval, s.scale, s.bias);
  s.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return s;
}

}  // namespace autorac::models
