#include "models/train/Trainer.h"

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <limits>
#include <ostream>
#include <random>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include "models/train/CpuRuntime.h"
#include "models/train/ModelFiles.h"
#include "traces/InputError.h"
#include "traces/StagedFile.h"

namespace autorac::models {

namespace {

// Steps between returns of free heap pages to the kernel (releaseFreedMemory); 64 bounded a 2 M-row
// DLRM epoch at 661 MB of RSS (docs/models.md, "CPU runtime").
constexpr int64_t kTrimEvery = 64;

double learningRate(const TrainOptions& o, int64_t step) {
  const double warm = std::max<double>(1.0, o.lr_warmup * o.steps);
  if (step < warm) return o.lr * (step + 1) / warm;
  const double t = (step - warm) / std::max(1.0, o.steps - warm);
  return o.lr * 0.5 * (1.0 + std::cos(M_PI * std::min(1.0, t)));
}

// "1h02m03s", "4m05s" or "12s".
std::string formatDuration(double seconds) {
  const int64_t t = static_cast<int64_t>(seconds + 0.5), h = t / 3600, m = t / 60 % 60, sec = t % 60;
  std::ostringstream o;
  if (h > 0) o << h << "h" << std::setw(2) << std::setfill('0') << m << "m" << std::setw(2) << sec << "s";
  else if (m > 0) o << m << "m" << std::setw(2) << std::setfill('0') << sec << "s";
  else o << sec << "s";
  return o.str();
}

struct CheckpointMeta {
  int64_t step = 0, epoch = 0, batch_in_epoch = 0, samples = 0;
  std::string model_file, optim_file;
  // Model selection's state, so that a resumed run keeps the best weights seen before the kill:
  // the step they come from (0: none yet), their validation log loss, and the file holding them.
  int64_t best_step = 0;
  double best_validation = std::numeric_limits<double>::infinity();
  std::string best_file;
};

std::string metaPath(const std::string& prefix) { return prefix + ".json"; }

bool loadMeta(const std::string& prefix, CheckpointMeta& m) {
  std::ifstream in(metaPath(prefix));
  if (!in) return false;
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(in);
    m.step = j.at("step");
    m.epoch = j.at("epoch");
    m.batch_in_epoch = j.at("batch_in_epoch");
    m.samples = j.at("samples");
    m.model_file = j.at("model_file");
    m.optim_file = j.at("optim_file");
    if (j.contains("best_step")) {
      m.best_step = j.at("best_step");
      m.best_validation = j.at("best_validation");
      m.best_file = j.at("best_file");
    }
  } catch (const std::exception& e) {
    throw InputError(metaPath(prefix), "", std::string("unreadable checkpoint: ") + e.what());
  }
  return true;
}

// Writes step-stamped model/optimiser files, then atomically replaces the meta file naming them
// (the commit point), then removes every other step's files: also those a run killed between its
// commit and its clean-up left behind.
// The best weights model selection has seen (m.best_step > 0) are written as a step-stamped file
// too, named by the same meta file, so the kept weights survive a kill as the resume point does.
void saveCheckpoint(const std::string& prefix, Supernet& net, torch::optim::Optimizer& optim,
                    const CheckpointMeta& m, const std::vector<torch::Tensor>& best) {
  namespace fs = std::filesystem;
  CheckpointMeta old;
  const bool had_old = loadMeta(prefix, old);
  CheckpointMeta cur = m;
  cur.model_file = prefix + ".step" + std::to_string(m.step) + ".model.pt";
  cur.optim_file = prefix + ".step" + std::to_string(m.step) + ".optim.pt";
  saveWhole(net, cur.model_file);
  saveWhole(optim, cur.optim_file);
  nlohmann::json j = {{"step", cur.step}, {"epoch", cur.epoch}, {"batch_in_epoch", cur.batch_in_epoch},
                      {"samples", cur.samples}, {"model_file", cur.model_file}, {"optim_file", cur.optim_file}};
  if (cur.best_step > 0) {
    cur.best_file = prefix + ".best" + std::to_string(cur.best_step) + ".pt";
    if (!(had_old && old.best_file == cur.best_file)) saveWhole(best, cur.best_file);
    j["best_step"] = cur.best_step;
    j["best_validation"] = cur.best_validation;
    j["best_file"] = cur.best_file;
  }
  trace::StagedFile(metaPath(prefix), j.dump(2) + "\n").commit();  // the commit point
  const fs::path dir = fs::path(prefix).parent_path().empty() ? fs::path(".") : fs::path(prefix).parent_path();
  const std::string base = fs::path(prefix).filename().string();
  const std::set<std::string> keep = {fs::path(cur.model_file).filename().string(), fs::path(cur.optim_file).filename().string(),
                                      fs::path(cur.best_file).filename().string()};
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    const std::string name = e.path().filename().string();
    const bool ours = name.rfind(base + ".step", 0) == 0 || name.rfind(base + ".best", 0) == 0;
    const bool model = name.size() > 3 && name.compare(name.size() - 3, 3, ".pt") == 0;
    if (ours && model && !keep.count(name)) fs::remove(e.path(), ec);
  }
}

// The weights model selection kept, beside the checkpoint (which stays the resume point): written
// first, then named in the meta file ("selected_model_file"), which eval/score/export prefer.
void saveSelected(const std::string& prefix, Supernet& net, int64_t step) {
  const std::string file = prefix + ".selected.model.pt";
  saveWhole(net, file);
  std::ifstream in(metaPath(prefix));
  nlohmann::json j = nlohmann::json::parse(in);
  j["selected_model_file"] = file;
  j["selected_step"] = step;
  trace::StagedFile(metaPath(prefix), j.dump(2) + "\n").commit();  // the commit point
}

}  // namespace

Trainer::Trainer(Supernet net, TrainOptions options) : net_(std::move(net)), opt_(std::move(options)) {
  if (opt_.steps <= 0) throw std::invalid_argument("training needs a positive number of steps");
}

TrainSummary Trainer::trainFixed(BatchLoader& loader, const Arch& arch) {
  net_->checkArch(arch);
  return run([&loader](Batch& b) { return loader.next(b); }, &loader,
             [&arch](int64_t) { return StepPaths{{arch}, false}; });
}

TrainSummary Trainer::trainFixed(const std::vector<Batch>& batches, const Arch& arch) {
  net_->checkArch(arch);
  if (!opt_.checkpoint.empty() || opt_.resume)
    throw std::invalid_argument("training on batches in memory keeps no checkpoint");
  size_t i = 0;
  return run(
      [&batches, &i](Batch& b) {
        if (batches.empty()) return false;
        b = batches[i++ % batches.size()];
        return true;
      },
      nullptr, [&arch](int64_t) { return StepPaths{{arch}, false}; });
}

TrainSummary Trainer::trainSupernet(BatchLoader& loader, const SearchSpace& space) {
  const int64_t warm = static_cast<int64_t>(opt_.supernet_warmup * opt_.steps);
  const uint64_t seed = opt_.seed;
  const int distill = opt_.distill_paths, per_step = opt_.paths_per_step;
  // Warm-up that decays (NASRec): at step t < warm the largest path is trained with probability
  // 1 - t / warm, a sampled path otherwise; after it, sampled paths only (or, distilling, the largest
  // path and `distill` sampled paths taught by it).
  return run([&loader](Batch& b) { return loader.next(b); }, &loader, [&space, warm, seed, distill, per_step](int64_t step) {
    std::mt19937_64 rng(seed * 0x9e3779b97f4a7c15ULL + static_cast<uint64_t>(step));
    const double u = std::uniform_real_distribution<double>(0.0, 1.0)(rng);
    if (step < warm) {
      const bool largest = u >= static_cast<double>(step) / static_cast<double>(warm);
      return StepPaths{{largest ? space.largest(rng) : space.sample(rng)}, false};
    }
    if (distill <= 0) {
      StepPaths s{{}, false};
      for (int i = 0; i < per_step; ++i) s.paths.push_back(space.sample(rng));
      return s;
    }
    StepPaths s{{space.largest(rng)}, true};
    for (int i = 0; i < distill; ++i) s.paths.push_back(space.sample(rng));
    return s;
  });
}

TrainSummary Trainer::run(const std::function<bool(Batch&)>& next, BatchLoader* loader,
                          const std::function<StepPaths(int64_t)>& pathsForStep) {
  auto params = net_->parameters();
  torch::optim::Adagrad optim(params, torch::optim::AdagradOptions(opt_.lr));
  TrainSummary sum;
  sum.best_validation = std::numeric_limits<double>::infinity();
  std::vector<torch::Tensor> best;  // model selection's kept weights (empty: none yet)
  CheckpointMeta meta;
  if (opt_.resume && !opt_.checkpoint.empty() && loadMeta(opt_.checkpoint, meta)) {
    loadFile(net_, meta.model_file);
    loadFile(optim, meta.optim_file);
    loader->seek(meta.epoch, meta.batch_in_epoch);
    sum.resumed_from = meta.step;
    if (meta.best_step > 0) {
      std::vector<torch::Tensor> kept;
      loadFile(kept, meta.best_file);
      best = std::move(kept);
      sum.best_step = meta.best_step;
      sum.best_validation = meta.best_validation;
    }
    if (opt_.log) *opt_.log << "resumed from " << metaPath(opt_.checkpoint) << " at step " << meta.step << "\n";
  } else if (opt_.label_rate > 0 && opt_.label_rate < 1) {  // all-0 or all-1 data: keep the init
    net_->setOutputPrior(opt_.label_rate);
  }
  net_->train();
  const auto t0 = std::chrono::steady_clock::now();
  auto window_t = t0;
  double window_loss = 0;
  int64_t window_n = 0, window_samples = 0, step = meta.step, samples = meta.samples;
  bool first_window = true;
  Batch b;
  auto select = [&](int64_t at) {
    const double v = opt_.validate();
    const bool better = v < sum.best_validation;
    if (better) {
      torch::NoGradGuard guard;
      best.clear();
      for (auto& p : params) best.push_back(p.detach().clone());
      sum.best_validation = v;
      sum.best_step = at;
    }
    if (opt_.log)
      *opt_.log << std::defaultfloat << std::setprecision(4) << "validation at step " << at << ": log loss " << v
                << (better ? "  (best so far)" : "") << std::endl;
  };
  const bool selecting = opt_.validate && opt_.eval_every > 0;
  while (step < opt_.steps && (opt_.stop_after <= 0 || step < opt_.stop_after)) {
    if (!next(b) && !next(b)) throw InputError("--data", "", "no training rows");
    const StepPaths step_paths = pathsForStep(step);
    auto& group_opts = static_cast<torch::optim::AdagradOptions&>(optim.param_groups()[0].options());
    const double lr = learningRate(opt_, step);
    group_opts.lr(lr);
    for (auto& p : params) p.mutable_grad() = torch::Tensor();  // unused ops keep no gradient
    auto logits = net_->forward(b.dense, b.sparse, step_paths.paths.front());
    auto loss = torch::binary_cross_entropy_with_logits(logits, b.label, b.weight);
    torch::Tensor total = loss;
    // Further paths learn from the first path's predictions (distilling) or from the labels.
    const auto target = step_paths.distill ? torch::sigmoid(logits).detach() : b.label;
    for (size_t i = 1; i < step_paths.paths.size(); ++i)
      total = total + torch::binary_cross_entropy_with_logits(net_->forward(b.dense, b.sparse, step_paths.paths[i]),
                                                              target, b.weight);
    total.backward();
    std::vector<torch::Tensor> with_grad;
    for (auto& p : params)
      if (p.grad().defined()) with_grad.push_back(p);
    if (opt_.clip > 0) torch::nn::utils::clip_grad_norm_(with_grad, opt_.clip);
    optim.step();
    ++step;
    if (step % kTrimEvery == 0) releaseFreedMemory();  // bounds RSS on long runs (CpuRuntime.h)
    samples += b.size();
    window_samples += b.size();
    window_loss += loss.item<double>();
    ++window_n;
    const bool last = step == opt_.steps;
    if (window_n == opt_.log_every || last) {
      const auto now = std::chrono::steady_clock::now();
      const double dt = std::chrono::duration<double>(now - window_t).count();
      const double mean = window_loss / window_n;
      if (first_window) sum.first_loss = mean, first_window = false;
      sum.final_loss = mean;
      if (opt_.log) {
        const int filled = static_cast<int>(20.0 * step / opt_.steps);
        const double elapsed = std::chrono::duration<double>(now - t0).count();
        const double eta = elapsed / std::max<int64_t>(1, step - meta.step) * (opt_.steps - step);
        *opt_.log << std::defaultfloat << std::setprecision(4) << "[" << std::string(filled, '#')
                  << std::string(20 - filled, '.') << "] step " << step << "/" << opt_.steps << "  loss " << mean
                  << "  lr " << lr << "  " << static_cast<int64_t>(window_samples / std::max(dt, 1e-9))
                  << " samples/s  elapsed " << formatDuration(elapsed) << "  ETA " << formatDuration(eta) << std::endl;
      }
      window_t = now;
      window_loss = 0;
      window_n = window_samples = 0;
    }
    if (selecting && (step % opt_.eval_every == 0 || last)) select(step);
    if (!opt_.checkpoint.empty() && (step % opt_.checkpoint_every == 0 || last))
      saveCheckpoint(opt_.checkpoint, net_, optim,
                     {step, loader->epoch(), loader->batchInEpoch(), samples, "", "", sum.best_step,
                      sum.best_validation, ""},
                     best);
  }
  if (selecting && !best.empty()) {
    {
      torch::NoGradGuard guard;
      for (size_t i = 0; i < params.size(); ++i) params[i].copy_(best[i]);
    }
    if (!opt_.checkpoint.empty()) saveSelected(opt_.checkpoint, net_, sum.best_step);
  } else {
    sum.best_validation = 0;
  }
  sum.steps = step;
  sum.samples = samples;
  sum.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  sum.samples_per_second = (samples - meta.samples) / std::max(sum.seconds, 1e-9);
  return sum;
}

}  // namespace autorac::models
