#include "models/train/SubnetScorer.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <optional>

#include <torch/torch.h>

#include "models/nn/Quantizer.h"
#include "models/train/HeadRefit.h"

namespace autorac::models {

namespace {

// One path's outputs on a set of rows: the inherited logits, and the head's input (the features a
// refit uses, quantised at the head's activation precision as the head sees them).
struct PathOutputs {
  torch::Tensor z, y, w;  // [rows] float32
  torch::Tensor features;  // [rows, in]; undefined unless asked
  torch::Tensor head_weight;  // [in]
  double head_bias = 0;
};

PathOutputs outputsOf(Supernet& net, const Arch& arch, const std::vector<Batch>& batches, bool features) {
  std::vector<torch::Tensor> z, y, w, f;
  PathOutputs out;
  for (const auto& b : batches) {
    Recorder rec;
    z.push_back(net->forward(b.dense, b.sparse, arch, features ? &rec : nullptr).reshape({-1}));
    y.push_back(b.label.reshape({-1}));
    w.push_back(b.weight.reshape({-1}));
    if (features) {
      const LinearRecord& head = rec.linears.back();  // the head runs last
      f.push_back(fakeQuantActivation(head.input, head.precision.act_bits));
      out.head_weight = head.weight.reshape({-1});
      out.head_bias = head.bias.defined() ? head.bias.item<double>() : 0.0;
    }
  }
  out.z = torch::cat(z), out.y = torch::cat(y), out.w = torch::cat(w);
  if (features) out.features = torch::cat(f);
  return out;
}

std::vector<float> toVector(const torch::Tensor& t) {
  const auto c = t.to(torch::kFloat32).contiguous();
  return std::vector<float>(c.data_ptr<float>(), c.data_ptr<float>() + c.numel());
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

// A recalibration fitted on some rows, applied to others.
struct Recalibration {
  double scale = 1, bias = 0;  // Platt
  bool refit = false;
  LinearHead head;
  torch::Tensor apply(const PathOutputs& o) const {
    if (refit) return head.logits(o.features).to(torch::kFloat32);
    return o.z * scale + bias;
  }
};

Recalibration fit(const PathOutputs& cal, const ScoreProtocol& protocol) {
  Recalibration r;
  if (cal.z.numel() == 0) return r;
  if (protocol.head_l2 > 0) {
    r.refit = true;
    r.head = fitLinearHead(cal.features, cal.y, cal.w, cal.head_weight, cal.head_bias, protocol.head_l2);
  } else {
    std::tie(r.scale, r.bias) = fitPlatt(toVector(cal.z), toVector(cal.y), toVector(cal.w));
  }
  return r;
}

PathOutputs rows(const PathOutputs& o, const torch::Tensor& index) {
  PathOutputs r = o;
  r.z = o.z.index_select(0, index), r.y = o.y.index_select(0, index), r.w = o.w.index_select(0, index);
  if (o.features.defined()) r.features = o.features.index_select(0, index);
  return r;
}

Metrics metricsOf(const torch::Tensor& logits, const torch::Tensor& label) {
  return computeMetrics(toVector(torch::sigmoid(logits)), toVector(label));
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

SubnetScorer::SubnetScorer(Supernet net, std::vector<Batch> calibration, std::vector<Batch> evaluation,
                           ScoreProtocol protocol, FineTune finetune)
    : net_(std::move(net)), calibration_(std::move(calibration)), evaluation_(std::move(evaluation)),
      protocol_(protocol), finetune_(std::move(finetune)) {
  if (calibration_.empty() && evaluation_.empty())
    throw std::invalid_argument("a scorer needs calibration or evaluation rows");
  finetune_.options.steps = static_cast<int64_t>(finetune_.batches.size());
  finetune_.options.label_rate = 0;  // keep the inherited output bias
  finetune_.options.checkpoint.clear();
  finetune_.options.log = nullptr;
  net_->eval();
}

std::vector<Batch> SubnetScorer::readAll(BatchLoader& loader) {
  std::vector<Batch> all;
  Batch b;
  while (loader.next(b)) all.push_back(b);
  return all;
}

namespace {

// Restores a network's parameters and buffers, as they were at construction, when it goes out of
// scope (also when a score throws).
class RestoreWeights {
public:
  explicit RestoreWeights(Supernet& net) : net_(net) {
    torch::NoGradGuard guard;
    for (const auto& p : net_->parameters()) saved_.push_back(p.detach().clone());
    for (const auto& b : net_->buffers()) saved_.push_back(b.detach().clone());
  }
  ~RestoreWeights() {
    torch::NoGradGuard guard;
    size_t i = 0;
    for (auto& p : net_->parameters()) p.detach().copy_(saved_[i++]);
    for (auto& b : net_->buffers()) b.detach().copy_(saved_[i++]);
    net_->eval();
  }

private:
  Supernet& net_;
  std::vector<torch::Tensor> saved_;
};

}  // namespace

SubnetScore SubnetScorer::score(const Arch& arch) {
  const auto t0 = std::chrono::steady_clock::now();
  net_->checkArch(arch);
  std::optional<RestoreWeights> restore;
  if (!finetune_.batches.empty()) {
    restore.emplace(net_);
    Trainer(net_, finetune_.options).trainFixed(finetune_.batches, arch);
    net_->eval();
  }
  torch::NoGradGuard guard;
  const bool features = protocol_.head_l2 > 0;
  SubnetScore s;
  torch::Tensor logits, label, raw;
  if (!evaluation_.empty()) {
    const PathOutputs eval = outputsOf(net_, arch, evaluation_, features);
    const Recalibration r = calibration_.empty() ? Recalibration{}
                                                 : fit(outputsOf(net_, arch, calibration_, features), protocol_);
    s.scale = r.scale, s.bias = r.bias;
    logits = r.apply(eval), label = eval.y, raw = eval.z;
  } else {
    // Cross-fitting on the calibration rows: even rows fit what scores odd rows, and the reverse.
    const PathOutputs all = outputsOf(net_, arch, calibration_, features);
    const int64_t n = all.z.numel();
    const auto even = torch::arange(0, n, 2), odd = torch::arange(1, n, 2);
    const PathOutputs a = rows(all, even), b = rows(all, odd);
    const Recalibration ra = fit(a, protocol_), rb = fit(b, protocol_);
    s.scale = 0.5 * (ra.scale + rb.scale), s.bias = 0.5 * (ra.bias + rb.bias);
    logits = torch::cat({rb.apply(a), ra.apply(b)}), label = torch::cat({a.y, b.y});
    raw = torch::cat({a.z, b.z});
  }
  s.uncalibrated = metricsOf(raw, label);
  s.metrics = metricsOf(logits, label);
  s.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return s;
}

}  // namespace autorac::models
