#include "search/Headline.h"

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>

#include "search/CostEvaluator.h"
#include "search/JointSpace.h"

namespace autorac::search {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

std::string fraction(double v) {
  char b[32];
  std::snprintf(b, sizeof b, "%g", v);
  return b;
}

std::string readText(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void runOrThrow(WorkerPool& pool, const Command& c, const std::string& what) {
  const Outcome o = pool.run({c}).front();
  if (!o.ok()) throw std::runtime_error(what + " failed: " + o.describe());
}

struct Model {
  std::string name, arch, weights, trace;
  double log_loss = 0, auc = 0;
};

// Trains `arch` stand-alone under the baseline protocol and exports its trace.
Model trainAndExport(const HeadlineSettings& s, WorkerPool& pool, const std::string& name, const std::string& arch) {
  Model m{name, arch, (fs::path(s.out) / (name + ".model.pt")).string(), (fs::path(s.out) / (name + ".trace.json")).string()};
  Command train;
  train.argv = {s.autorac, "train", "--arch", arch, "--data", s.data, "--epochs", "3", "--batch", "128",
                "--val-fraction", fraction(s.val_fraction), "--select-every", "10", "--log-every", "100000",
                "--out", m.weights};
  if (!s.eval_data.empty()) train.argv.insert(train.argv.end(), {"--eval-data", s.eval_data});
  train.stdout_path = (fs::path(s.out) / (name + ".train.txt")).string();
  std::fprintf(stderr, "headline: training %s stand-alone (3 epochs)\n", name.c_str());
  runOrThrow(pool, train, "training " + name);
  // The validation line: "<name>: log loss X  AUC Y  (rows ...)".
  const std::regex line(": log loss ([0-9.]+)  AUC ([0-9.]+)");
  const std::string text = readText(train.stdout_path);
  std::smatch match;
  std::string::const_iterator from = text.cbegin();
  bool found = false;
  while (std::regex_search(from, text.cend(), match, line)) {
    m.log_loss = std::stod(match[1]), m.auc = std::stod(match[2]), found = true;
    from = match.suffix().first;
  }
  if (!found) throw std::runtime_error("training " + name + ": no validation log loss in " + train.stdout_path);
  Command exp;
  exp.argv = {s.autorac, "export", "--arch", arch, "--weights", m.weights, "--data", s.data, "--out", m.trace};
  runOrThrow(pool, exp, "exporting " + name);
  return m;
}

// One simulation: the measured figures per sample and per chip.
json simulate(const HeadlineSettings& s, WorkerPool& pool, const Model& m, const HardwareChoice& hw, const std::string& label) {
  // The study's ADC policy shapes the command (lossless rows for the optimized mapping); the row
  // reports whether the ADC is lossless rather than dropping it.
  const CostEvaluator cost(s.pimsim, s.batch, 0, pool, s.allow_lossy_adc);
  CostJob job{m.trace, hw, (fs::path(s.out) / (label + ".report.json")).string()};
  const Outcome o = pool.run({cost.command(job)}).front();
  if (!o.ok())  // e.g. the naive mapping's 16-bit layout does not fit this chip: the row says why
    return {{"label", label}, {"model", m.name}, {"log_loss", m.log_loss}, {"auc", m.auc}, {"mapping", hw.mapping},
            {"status", "failed"}, {"reason", "pimsim " + o.describe()}};
  const json r = json::parse(readText(job.report));
  return {{"label", label}, {"model", m.name}, {"log_loss", m.log_loss}, {"auc", m.auc}, {"status", "ok"},
          {"mapping", hw.mapping}, {"latency_ns_per_sample", r["time_ns"].get<double>() / s.batch},
          {"energy_nj_per_sample", r["energy_pj"]["total"].get<double>() * 1e-3 / s.batch},
          {"area_mm2", r["area_mm2"]["chip"].get<double>()}, {"chip_tiles", r["mapping"]["chip_tiles"]},
          {"tops_per_w", r["tops_per_w"]}, {"power_w", r["power_w"]}, {"adc_lossless", r["adc"]["lossless"]},
          {"report", job.report}};
}


bool ok(const json& row) { return row.value("status", "") == "ok"; }

}  // namespace

json buildHeadline(const HeadlineSettings& s, const Candidate& winner, WorkerPool& pool) {
  fs::create_directories(s.out);
  const std::string winner_arch = (fs::path(s.out) / "searched.arch.json").string();
  {
    models::Arch a = winner.arch;
    a.name = "searched";
    a.save(winner_arch);
  }
  const Model searched = trainAndExport(s, pool, "searched", winner_arch);
  HardwareChoice optimized = winner.hw, naive = winner.hw;
  optimized.mapping = "optimized";
  naive.mapping = "naive";
  json rows = json::array();
  const json opt = simulate(s, pool, searched, optimized, "searched_optimized");
  const json nai = simulate(s, pool, searched, naive, "searched_naive");
  rows.push_back(opt);
  rows.push_back(nai);
  HardwareChoice own;  // a baseline's own chip: isaac's knobs (8-bit ADC), optimized mapping, fitted to it
  own.adc_bits = 8;
  json baselines = json::array();
  for (const auto& b : s.baselines) {
    const Model m = trainAndExport(s, pool, b, (fs::path(s.baselines_dir) / (b + ".json")).string());
    const json on_own = simulate(s, pool, m, own, b + "_own_chip");
    HardwareChoice searched_chip = winner.hw;
    searched_chip.mapping = "optimized";
    const json on_searched = simulate(s, pool, m, searched_chip, b + "_searched_chip");
    rows.push_back(on_own);
    rows.push_back(on_searched);
    if (ok(on_own) && ok(opt))
      baselines.push_back({{"baseline", b}, {"log_loss", m.log_loss},
                           {"area_reduction", on_own["area_mm2"].get<double>() / opt["area_mm2"].get<double>()},
                           {"tops_per_w_gain", opt["tops_per_w"].get<double>() / on_own["tops_per_w"].get<double>()},
                           {"energy_per_inference_reduction",
                            on_own["energy_nj_per_sample"].get<double>() / opt["energy_nj_per_sample"].get<double>()}});
  }
  return {{"searched_hardware", winner.toJson()["hw"]},
          {"speedup_optimized_over_naive",
           ok(nai) && ok(opt) ? json(nai["latency_ns_per_sample"].get<double>() / opt["latency_ns_per_sample"].get<double>())
                              : json(nullptr)},
          {"against_baselines", baselines},
          {"rows", rows},
          {"protocol", "every model trained stand-alone: autorac train --epochs 3 --batch 128 --val-fraction " +
                           fraction(s.val_fraction) + " --select-every 10; log loss on " +
                           (s.eval_data.empty() ? std::string("that validation split") : s.eval_data) + "; "
                           "simulated at batch " + std::to_string(s.batch) + " on isaac with tiles=fit"}};
}

std::string headlineMarkdown(const json& h) {
  std::ostringstream s;
  char b[512];
  s << "| design | log loss | latency (ns/sample) | energy (nJ/sample) | area (mm²) | TOPS/W |\n|---|---|---|---|---|---|\n";
  for (const auto& r : h["rows"]) {
    if (r["status"] != "ok") {
      s << "| " << r["label"].get<std::string>() << " | " << std::to_string(r["log_loss"].get<double>()).substr(0, 6)
        << " | not simulated: " << r["reason"].get<std::string>().substr(0, 160) << " | | | |\n";
      continue;
    }
    std::snprintf(b, sizeof b, "| %s | %.4f | %.4g | %.4g | %.4g | %.3g |\n", r["label"].get<std::string>().c_str(),
                  r["log_loss"].get<double>(), r["latency_ns_per_sample"].get<double>(), r["energy_nj_per_sample"].get<double>(),
                  r["area_mm2"].get<double>(), r["tops_per_w"].get<double>());
    s << b;
  }
  if (h["speedup_optimized_over_naive"].is_null())
    std::snprintf(b, sizeof b, "\nSpeedup of the searched design, optimized over naive mapping: n/a (a mapping failed, above)\n\n");
  else
    std::snprintf(b, sizeof b, "\nSpeedup of the searched design, optimized over naive mapping: %.2fx\n\n",
                  h["speedup_optimized_over_naive"].get<double>());
  s << b << "| against | its log loss | area reduction | TOPS/W gain | energy per inference reduction |\n|---|---|---|---|---|\n";
  for (const auto& a : h["against_baselines"]) {
    std::snprintf(b, sizeof b, "| %s (own chip) | %.4f | %.2fx | %.2fx | %.2fx |\n", a["baseline"].get<std::string>().c_str(),
                  a["log_loss"].get<double>(), a["area_reduction"].get<double>(), a["tops_per_w_gain"].get<double>(),
                  a["energy_per_inference_reduction"].get<double>());
    s << b;
  }
  return s.str();
}

}  // namespace autorac::search
