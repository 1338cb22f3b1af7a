#include "search/Study.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <map>
#include <sstream>

#include "search/Database.h"
#include "traces/InputError.h"
#include "traces/StagedFile.h"

namespace autorac::search {
namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v.size() % 2 ? v[v.size() / 2] : 0.5 * (v[v.size() / 2 - 1] + v[v.size() / 2]);
}

std::string fmt(const char* f, double v) {
  char b[64];
  std::snprintf(b, sizeof b, f, v);
  return b;
}

}  // namespace

Study::Study(const JointSpace& space, StudyOptions options, AccuracyEvaluator& accuracy, CostEvaluator& cost)
    : space_(space), options_(std::move(options)), accuracy_(accuracy), cost_(cost) {}

json Study::settings() const {
  const auto& e = options_.evolution;
  return {{"population", e.population}, {"sample", e.sample}, {"children", e.children}, {"generations", e.generations},
          {"seed", e.seed}, {"batch", cost_.batch()}, {"log10_joint_space", space_.log10Size()},
          {"targets", {{"latency_ns", options_.targets.latency_ns}, {"energy_nj", options_.targets.energy_nj},
                       {"area_mm2", options_.targets.area_mm2}, {"penalty", options_.targets.penalty}}},
          {"context", options_.context}};
}

json Study::run() {
  namespace fs = std::filesystem;
  fs::create_directories(fs::path(options_.out) / "traces");
  fs::create_directories(fs::path(options_.out) / "reports");
  Database db(options_.db, settings());
  Targets targets = options_.targets;
  const int batch = cost_.batch();
  Evolution evo(space_, options_.evolution, [&](const Result& r) {
    return r.ok() ? scalarised(costsOf(r, batch), targets) : std::numeric_limits<double>::infinity();
  });
  std::vector<std::pair<Candidate, Result>> history;  // in ordinal order
  std::vector<int> generation_of;
  int64_t ordinal = 0, evaluated = 0, reused = 0;
  const auto start = Clock::now();
  const int total = options_.evolution.total();
  while (!evo.done()) {
    const int gen = evo.generation();
    const std::vector<Candidate> asked = evo.ask();
    std::vector<Result> results(asked.size());
    std::vector<size_t> to_simulate;
    std::vector<CostJob> jobs;
    std::vector<bool> fresh(asked.size(), false);
    for (size_t i = 0; i < asked.size(); ++i) {
      const int64_t n = ordinal + int64_t(i);
      if (auto stored = db.find(n)) {  // resumed: finished before, never repeated
        if (stored->candidate != asked[i].key())
          throw InputError(options_.db, "candidate " + std::to_string(n),
                           "the search asks for another candidate than the database holds (written by another version "
                           "of autorac?); use another --db");
        results[i] = stored->result;
        ++reused;
        continue;
      }
      const std::string key = asked[i].key();
      if (auto same = db.findByKey(key)) {  // the search asked for this candidate before
        results[i] = *same;
        fresh[i] = true;
        continue;
      }
      fresh[i] = true;
      const std::string name = "c" + std::to_string(n);
      const AccuracyAnswer a = accuracy_.evaluate(asked[i], name);
      Result& r = results[i];
      r.accuracy_seconds = a.seconds;
      if (a.status != "ok") {
        r.status = a.status;
        r.reason = a.reason;
        continue;
      }
      r.log_loss = a.log_loss;
      r.auc = a.auc;
      to_simulate.push_back(i);
      jobs.push_back({a.trace, asked[i].hw, (fs::path(options_.out) / "reports" / (name + ".json")).string()});
    }
    std::vector<Result*> targets_of;
    for (size_t i : to_simulate) targets_of.push_back(&results[i]);
    cost_.evaluate(jobs, targets_of);
    for (size_t i = 0; i < asked.size(); ++i) {
      if (fresh[i]) {
        db.record({ordinal + int64_t(i), gen, asked[i].key(), results[i]}, options_.evolution.seed, asked[i].toJson().dump());
        ++evaluated;
      }
      history.push_back({asked[i], results[i]});
      generation_of.push_back(gen);
    }
    ordinal += int64_t(asked.size());
    if (gen == 0) {
      // Unset targets: the initial population's median cost (stated in the report).
      std::vector<double> lat, en, ar;
      for (const auto& [c, r] : history)
        if (r.ok()) {
          const Costs k = costsOf(r, batch);
          lat.push_back(k.latency_ns), en.push_back(k.energy_nj), ar.push_back(k.area_mm2);
        }
      if (targets.latency_ns <= 0) targets.latency_ns = median(lat);
      if (targets.energy_nj <= 0) targets.energy_nj = median(en);
      if (targets.area_mm2 <= 0) targets.area_mm2 = median(ar);
    }
    evo.tell(asked, results);
    if (options_.progress) {
      const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
      const double per = evaluated > 0 ? elapsed / double(evaluated) : 0;
      double best = std::numeric_limits<double>::infinity();
      for (const auto& [c, r] : history)
        if (r.ok()) best = std::min(best, scalarised(costsOf(r, batch), targets));
      std::fprintf(stderr, "search: generation %d/%d, %lld of %d candidates (%lld resumed), best objective %.4f, %.0f s, ETA %.0f s\n",
                   gen, options_.evolution.generations, (long long)ordinal, total, (long long)reused, best, elapsed,
                   per * double(total - ordinal));
    }
  }

  // The report: every valid candidate's costs, measured and analytical; the Pareto front; the winner.
  std::vector<size_t> valid;
  std::vector<Costs> measured, analytical;
  std::map<std::string, int> statuses;
  std::vector<double> gap;
  for (size_t i = 0; i < history.size(); ++i) {
    ++statuses[history[i].second.status];
    if (!history[i].second.ok()) continue;
    valid.push_back(i);
    measured.push_back(costsOf(history[i].second, batch));
    analytical.push_back(analyticalCostsOf(history[i].second, batch));
    gap.push_back(history[i].second.cycles / history[i].second.analytical_cycles);
  }
  auto entry = [&](size_t i) {
    const auto& [c, r] = history[i];
    const Costs k = costsOf(r, batch);
    return json{{"ordinal", i}, {"generation", generation_of[i]}, {"candidate", c.toJson()},
                {"log_loss", r.log_loss}, {"auc", r.auc}, {"latency_ns_per_sample", k.latency_ns},
                {"energy_nj_per_sample", k.energy_nj}, {"area_mm2", r.area_mm2}, {"chip_tiles", r.chip_tiles},
                {"tops_per_w", r.tops_per_w}, {"adc_lossless", r.adc_lossless},
                {"measured_over_analytical_cycles", r.cycles / r.analytical_cycles},
                {"objective", scalarised(k, targets)}};
  };
  // Ties of the scalarised objective (every cost under its target) go to the lower total of cost /
  // target, so that a winner is never dominated by an equal-objective candidate.
  auto winnerBy = [&](const std::vector<Costs>& costs) {
    auto relative = [&](const Costs& c) {
      auto share = [](double v, double t) { return t > 0 ? v / t : 0.0; };
      return share(c.latency_ns, targets.latency_ns) + share(c.energy_nj, targets.energy_nj) + share(c.area_mm2, targets.area_mm2);
    };
    size_t best = 0;
    for (size_t k = 1; k < costs.size(); ++k) {
      const double a = scalarised(costs[k], targets), b = scalarised(costs[best], targets);
      if (a < b || (a == b && relative(costs[k]) < relative(costs[best]))) best = k;
    }
    return best;
  };
  json report = {{"format", "autorac-study"}, {"version", 1}, {"settings", settings()},
                 {"targets_used", {{"latency_ns", targets.latency_ns}, {"energy_nj", targets.energy_nj},
                                   {"area_mm2", targets.area_mm2}, {"penalty", targets.penalty},
                                   {"source", "options; a 0 target is the initial population's median"}}},
                 {"candidates", history.size()}, {"evaluated_this_run", evaluated}, {"resumed", reused},
                 {"statuses", statuses},
                 {"units", {{"latency", "ns per sample at the simulated batch"}, {"energy", "nJ per sample"}, {"area", "mm²"}}}};
  if (!valid.empty()) {
    json front = json::array();
    for (size_t k : paretoFront(measured)) front.push_back(entry(valid[k]));
    report["pareto_front"] = front;
    const size_t win = winnerBy(measured), win_analytical = winnerBy(analytical);
    report["winner"] = entry(valid[win]);
    report["winner_by_analytical_costs"] = entry(valid[win_analytical]);
    report["analytical_picks_the_same_winner"] = win == win_analytical;
    std::sort(gap.begin(), gap.end());
    report["measured_over_analytical_cycles"] = {{"min", gap.front()}, {"median", median(gap)}, {"max", gap.back()}};
  }
  const std::string json_path = (fs::path(options_.out) / "study.json").string();
  trace::StagedFile(json_path, report.dump(2) + "\n").commit();
  trace::StagedFile((fs::path(options_.out) / "study.txt").string(), reportText(report)).commit();
  return report;
}

std::string Study::reportText(const json& r) {
  std::ostringstream s;
  const json& st = r["settings"];
  s << "co-search: " << r["candidates"].get<int>() << " candidates (population " << st["population"].get<int>()
    << ", sample " << st["sample"].get<int>() << ", " << st["children"].get<int>() << " children x "
    << st["generations"].get<int>() << " generations, seed " << st["seed"].get<uint64_t>() << "), joint space 10^"
    << fmt("%.1f", st["log10_joint_space"].get<double>()) << ", simulated batch " << st["batch"].get<int>() << "\n";
  s << "  statuses:";
  for (const auto& [k, v] : r["statuses"].items()) s << " " << k << "=" << v.get<int>();
  s << "\n  targets: latency " << fmt("%.4g", r["targets_used"]["latency_ns"].get<double>()) << " ns/sample, energy "
    << fmt("%.4g", r["targets_used"]["energy_nj"].get<double>()) << " nJ/sample, area "
    << fmt("%.4g", r["targets_used"]["area_mm2"].get<double>()) << " mm², penalty "
    << fmt("%.3g", r["targets_used"]["penalty"].get<double>()) << " per 100 % above\n";
  if (!r.contains("winner")) return s.str() + "  no valid candidate\n";
  auto line = [&](const char* label, const json& e) {
    s << "  " << label << " #" << e["ordinal"].get<int>() << ": log loss " << fmt("%.4f", e["log_loss"].get<double>())
      << ", " << fmt("%.4g", e["latency_ns_per_sample"].get<double>()) << " ns/sample, "
      << fmt("%.4g", e["energy_nj_per_sample"].get<double>()) << " nJ/sample, " << fmt("%.4g", e["area_mm2"].get<double>())
      << " mm² (" << e["chip_tiles"].get<int>() << " tiles), " << fmt("%.3g", e["tops_per_w"].get<double>())
      << " TOPS/W, " << e["candidate"]["hw"]["rows"].get<int>() << "x" << e["candidate"]["hw"]["cols"].get<int>()
      << " crossbars, " << e["candidate"]["hw"]["cell_bits"].get<int>() << "-bit cells, ADC "
      << (e["candidate"]["hw"]["adc_bits"].get<int>() == 0 ? std::string("lossless")
                                                          : std::to_string(e["candidate"]["hw"]["adc_bits"].get<int>()) + " bits")
      << (e["adc_lossless"].get<bool>() ? "" : " (lossy)") << ", " << e["candidate"]["hw"]["mapping"].get<std::string>()
      << " mapping; objective " << fmt("%.4f", e["objective"].get<double>()) << "\n";
  };
  line("winner (measured costs)", r["winner"]);
  line("winner by analytical costs", r["winner_by_analytical_costs"]);
  s << "  the analytical twin " << (r["analytical_picks_the_same_winner"].get<bool>() ? "picks the same winner" : "picks another winner")
    << "; measured/analytical cycles over the valid candidates: min "
    << fmt("%.3f", r["measured_over_analytical_cycles"]["min"].get<double>()) << ", median "
    << fmt("%.3f", r["measured_over_analytical_cycles"]["median"].get<double>()) << ", max "
    << fmt("%.3f", r["measured_over_analytical_cycles"]["max"].get<double>()) << "\n";
  s << "  Pareto front (log loss, latency, energy, area): " << r["pareto_front"].size() << " candidates\n";
  for (const auto& e : r["pareto_front"]) line("  front", e);
  return s.str();
}

}  // namespace autorac::search
