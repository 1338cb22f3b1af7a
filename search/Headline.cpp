#include "search/Headline.h"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>

#include "search/CostEvaluator.h"
#include "search/JointSpace.h"
#include "traces/InputError.h"

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

// The baseline protocol's training options: the command and the report's protocol line both use them.
const std::vector<std::string> kTrainOptions = {"--epochs", "3", "--batch", "128", "--select-every", "10"};

std::string joined(const std::vector<std::string>& words) {
  std::string s;
  for (const auto& w : words) s += (s.empty() ? "" : " ") + w;
  return s;
}

// Each step of the headline, run or served from the database, in order, with progress on stderr. A
// step's context is what its result depends on: a model's, its architecture and its commands; a
// simulation's, its model's and the pimsim command. A stored step is reused only under the same
// context.
class HeadlineRun {
public:
  HeadlineRun(const HeadlineSettings& s, WorkerPool& pool, Database& db)
      : s_(s), pool_(pool), db_(db), steps_(3 + 3 * int(s.baselines.size())), started_(std::chrono::steady_clock::now()) {}

  // Trains `arch` stand-alone under the baseline protocol and exports its trace (or takes both from
  // the database, when its trace is still on disk).
  json model(const std::string& name, const std::string& arch) {
    const std::string trace = (fs::path(s_.out) / (name + ".trace.json")).string();
    const std::string weights = (fs::path(s_.out) / (name + ".model.pt")).string();
    Command train;
    train.argv = {s_.autorac, "train", "--arch", arch, "--data", s_.data};
    train.argv.insert(train.argv.end(), kTrainOptions.begin(), kTrainOptions.end());
    train.argv.insert(train.argv.end(), {"--val-fraction", fraction(s_.val_fraction), "--log-every", "100000", "--out", weights});
    if (!s_.eval_data.empty()) train.argv.insert(train.argv.end(), {"--eval-data", s_.eval_data});
    train.stdout_path = (fs::path(s_.out) / (name + ".train.txt")).string();
    Command exp;
    exp.argv = {s_.autorac, "export", "--arch", arch, "--weights", weights, "--data", s_.data, "--out", trace};
    json arch_json;
    try {
      arch_json = json::parse(readText(arch));
    } catch (const json::parse_error& e) {
      throw InputError(arch, "", std::string("not an architecture (JSON): ") + e.what());
    }
    const std::string context = json{{"arch", arch_json}, {"train", train.argv}, {"export", exp.argv}}.dump();
    if (auto stored = db_.headlineModel(name, context); stored && fs::exists(trace)) {
      progress("model " + name + ": from the database (log loss " + fraction((*stored)["log_loss"].get<double>()) + ")");
      return *stored;
    }
    // Retrained: its old row and the simulations of the old trace go first, so that a kill from here
    // on leaves no row measured on another training than the one on disk.
    db_.forgetHeadlineModel(name);
    progress("training " + name + " stand-alone (" + joined(kTrainOptions) + ") and exporting its trace");
    const auto t0 = std::chrono::steady_clock::now();
    runOrThrow(pool_, train, "training " + name);
    // The validation line: "<name>: log loss X  AUC Y  (rows ...)"; the last one is the selected model's.
    const std::regex line(": log loss ([0-9.]+)  AUC ([0-9.]+)");
    const std::string text = readText(train.stdout_path);
    std::smatch match;
    std::string::const_iterator from = text.cbegin();
    double log_loss = 0, auc = 0;
    bool found = false;
    while (std::regex_search(from, text.cend(), match, line)) {
      log_loss = std::stod(match[1]), auc = std::stod(match[2]), found = true;
      from = match.suffix().first;
    }
    if (!found) throw std::runtime_error("training " + name + ": no validation log loss in " + train.stdout_path);
    runOrThrow(pool_, exp, "exporting " + name);
    const json m{{"name", name}, {"arch", arch}, {"log_loss", log_loss}, {"auc", auc}, {"weights", weights},
                 {"trace", trace}, {"seconds", secondsSince(t0)}, {"context", context}};
    db_.recordHeadlineModel(context, m);
    return m;
  }

  // One simulation: the measured figures per sample and per chip (or a row saying why there are none).
  json simulate(const json& m, const HardwareChoice& hw, const std::string& label) {
    // The study's ADC policy shapes the command (lossless rows for the optimized mapping); the row
    // reports whether the ADC is lossless rather than dropping it.
    const CostEvaluator cost(s_.pimsim, s_.batch, 0, pool_, s_.allow_lossy_adc);
    CostJob job{m["trace"].get<std::string>(), hw, (fs::path(s_.out) / (label + ".report.json")).string()};
    const Command command = cost.command(job);
    const std::string context = json{{"model", m["context"]}, {"pimsim", command.argv}}.dump();
    if (auto stored = db_.headlineRow(label, context)) {
      progress("simulation " + label + ": from the database");
      return *stored;
    }
    progress("simulating " + label);
    const Outcome o = pool_.run({command}).front();
    json row{{"label", label}, {"model", m["name"]}, {"log_loss", m["log_loss"]}, {"auc", m["auc"]},
             {"mapping", hw.mapping}, {"seconds", o.seconds}};
    if (!o.ok()) {  // e.g. the naive mapping's 16-bit layout does not fit this chip: the row says why
      row["status"] = "failed", row["reason"] = "pimsim " + o.describe();
      // Only pimsim's refusal of the design (exit 2) is a result; a crash, a kill or an error of the
      // machine is run again next time.
      if (o.exit_code == 2 && o.signal == 0 && !o.timed_out) db_.recordHeadlineRow(context, row);
      return row;
    }
    const json r = json::parse(readText(job.report));
    row.update({{"status", "ok"},
                {"latency_ns_per_sample", r["time_ns"].get<double>() / s_.batch},
                {"energy_nj_per_sample", r["energy_pj"]["total"].get<double>() * 1e-3 / s_.batch},
                {"area_mm2", r["area_mm2"]["chip"].get<double>()}, {"chip_tiles", r["mapping"]["chip_tiles"]},
                {"tops_per_w", r["tops_per_w"]}, {"power_w", r["power_w"]}, {"adc_lossless", r["adc"]["lossless"]},
                {"report", job.report}});
    db_.recordHeadlineRow(context, row);
    return row;
  }

  static std::string protocol(const HeadlineSettings& s) {
    return "every model trained stand-alone: autorac train " + joined(kTrainOptions) + " --val-fraction " + fraction(s.val_fraction) +
           "; log loss on " + (s.eval_data.empty() ? std::string("that validation split") : s.eval_data) +
           "; simulated at batch " + std::to_string(s.batch) + " on isaac with tiles=fit";
  }

private:
  static double secondsSince(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  }
  void progress(const std::string& what) {
    std::fprintf(stderr, "headline [%d/%d, %.0f s]: %s\n", ++step_, steps_, secondsSince(started_), what.c_str());
  }

  const HeadlineSettings& s_;
  WorkerPool& pool_;
  Database& db_;
  int step_ = 0, steps_;
  std::chrono::steady_clock::time_point started_;
};

bool ok(const json& row) { return row.value("status", "") == "ok"; }

}  // namespace

json buildHeadline(const HeadlineSettings& s, const Candidate& winner, WorkerPool& pool, Database& db) {
  fs::create_directories(s.out);
  const std::string winner_arch = (fs::path(s.out) / "searched.arch.json").string();
  {
    models::Arch a = winner.arch;
    a.name = "searched";
    a.save(winner_arch);
  }
  HeadlineRun run(s, pool, db);
  const json searched = run.model("searched", winner_arch);
  HardwareChoice optimized = winner.hw, naive = winner.hw;
  optimized.mapping = "optimized";
  naive.mapping = "naive";
  json rows = json::array();
  const json opt = run.simulate(searched, optimized, "searched_optimized");
  const json nai = run.simulate(searched, naive, "searched_naive");
  rows.push_back(opt);
  rows.push_back(nai);
  HardwareChoice own;  // a baseline's own chip: isaac's knobs (8-bit ADC), optimized mapping, fitted to it
  own.adc_bits = 8;
  json baselines = json::array();
  for (const auto& b : s.baselines) {
    const json m = run.model(b, (fs::path(s.baselines_dir) / (b + ".json")).string());
    const json on_own = run.simulate(m, own, b + "_own_chip");
    HardwareChoice searched_chip = winner.hw;
    searched_chip.mapping = "optimized";
    const json on_searched = run.simulate(m, searched_chip, b + "_searched_chip");
    rows.push_back(on_own);
    rows.push_back(on_searched);
    if (ok(on_own) && ok(opt))
      baselines.push_back({{"baseline", b}, {"log_loss", m["log_loss"]},
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
          {"protocol", HeadlineRun::protocol(s)}};
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
