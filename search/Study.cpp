#include "search/Study.h"

#include <algorithm>
#include <chrono>
#include <exception>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <map>
#include <optional>
#include <sstream>
#include <thread>

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
          {"cost", options_.analytical_costs ? "analytical" : "measured"}, {"context", options_.context}};
}

json Study::run() {
  namespace fs = std::filesystem;
  fs::create_directories(fs::path(options_.out) / "traces");
  fs::create_directories(fs::path(options_.out) / "reports");
  Database db(options_.db, settings());
  Targets targets = options_.targets;
  const int batch = cost_.batch();
  // The costs the search optimises: measured (the default) or the analytical twin's.
  auto searchCosts = [&](const Result& r) { return options_.analytical_costs ? analyticalCostsOf(r, batch) : costsOf(r, batch); };
  Evolution evo(space_, options_.evolution, [&](const Result& r) {
    return r.ok() ? scalarised(searchCosts(r), targets) : std::numeric_limits<double>::infinity();
  });
  double accuracy_wall = 0, simulation_wall = 0, pipeline_wall = 0;
  std::vector<std::pair<Candidate, Result>> history;  // in ordinal order
  std::vector<int> generation_of;
  int64_t ordinal = 0, evaluated = 0, reused = 0;
  const auto start = Clock::now();
  const int total = options_.evolution.total();
  while (!evo.done()) {
    const int gen = evo.generation();
    const std::vector<Candidate> asked = evo.ask();
    std::vector<Result> results(asked.size());
    std::vector<size_t> to_score;
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
      to_score.push_back(i);
    }
    // Accuracy of the generation's new candidates (spread over ranks under MPI), each one's simulation
    // handed to the pool as soon as its accuracy is in: a pool that streams runs it while the scorer
    // works on the next candidate (the two share the machine's cores), another runs them all after.
    std::vector<Candidate> scored;
    std::vector<std::string> names;
    for (size_t i : to_score) scored.push_back(asked[i]), names.push_back("c" + std::to_string(ordinal + int64_t(i)));
    CommandFeed feed;
    std::vector<size_t> to_simulate;  // result index of each pushed command
    std::vector<CostJob> jobs;
    WorkerPool& pool = cost_.pool();
    std::vector<Outcome> outcomes;
    std::optional<Clock::time_point> first_push;
    Clock::time_point pool_end;
    std::exception_ptr pool_failure;
    auto runPool = [&] {
      try {
        outcomes = pool.run(feed);
      } catch (...) {
        pool_failure = std::current_exception();
      }
      pool_end = Clock::now();
    };
    std::thread streaming;
    if (pool.streams()) streaming = std::thread(runPool);
    const auto accuracy_start = Clock::now();
    try {
      accuracy_.evaluate(scored, names, [&](size_t k, const AccuracyAnswer& a) {
        const size_t i = to_score[k];
        Result& r = results[i];
        r.accuracy_seconds = a.seconds;
        if (a.status != "ok") {
          r.status = a.status;
          r.reason = a.reason;
          return;
        }
        r.log_loss = a.log_loss;
        r.auc = a.auc;
        to_simulate.push_back(i);
        jobs.push_back({a.trace, asked[i].hw, (fs::path(options_.out) / "reports" / (names[k] + ".json")).string()});
        if (!first_push) first_push = Clock::now();
        feed.push(cost_.command(jobs.back()));
      });
    } catch (...) {
      feed.close();
      if (streaming.joinable()) streaming.join();
      throw;
    }
    const auto accuracy_end = Clock::now();
    accuracy_wall += std::chrono::duration<double>(accuracy_end - accuracy_start).count();
    feed.close();
    if (streaming.joinable()) streaming.join();
    else runPool();
    if (pool_failure) std::rethrow_exception(pool_failure);
    // Simulation time: from the first simulation handed over (streaming) or the pool's start, to its end.
    if (first_push) simulation_wall += std::chrono::duration<double>(pool_end - (pool.streams() ? *first_push : accuracy_end)).count();
    pipeline_wall += std::chrono::duration<double>(pool_end - accuracy_start).count();
    for (size_t k = 0; k < jobs.size(); ++k) cost_.read(jobs[k], outcomes[k], results[to_simulate[k]]);
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
          const Costs k = searchCosts(r);
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
        if (r.ok()) best = std::min(best, scalarised(searchCosts(r), targets));
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
    return json{{"ordinal", i}, {"generation", generation_of[i]},
                {"pimsim_report", (fs::path(options_.out) / "reports" / ("c" + std::to_string(i) + ".json")).string()}, {"candidate", c.toJson()},
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
    json front = json::array(), every = json::array();
    for (size_t k : paretoFront(measured)) front.push_back(entry(valid[k]));
    for (size_t i : valid) every.push_back(entry(i));
    report["valid_candidates"] = every;
    report["pareto_front"] = front;
    const size_t win = winnerBy(measured), win_analytical = winnerBy(analytical);
    report["winner"] = entry(valid[win]);
    report["winner_by_analytical_costs"] = entry(valid[win_analytical]);
    report["analytical_picks_the_same_winner"] = win == win_analytical;
    std::sort(gap.begin(), gap.end());
    report["measured_over_analytical_cycles"] = {{"min", gap.front()}, {"median", median(gap)}, {"max", gap.back()}};
    // How far the analytical twin is from the measurement, over every valid candidate: rank agreement
    // and relative error of each cost, and what the analytical winner costs once measured.
    auto distribution = [](std::vector<double> v) {
      std::sort(v.begin(), v.end());
      auto at = [&](double q) { return v[size_t(q * double(v.size() - 1) + 0.5)]; };
      return json{{"min", v.front()}, {"p10", at(0.1)}, {"median", at(0.5)}, {"p90", at(0.9)}, {"max", v.back()}};
    };
    std::vector<double> ml, al, me, ae, el, ee;
    for (size_t k = 0; k < measured.size(); ++k) {
      ml.push_back(measured[k].latency_ns), al.push_back(analytical[k].latency_ns);
      me.push_back(measured[k].energy_nj), ae.push_back(analytical[k].energy_nj);
      el.push_back((analytical[k].latency_ns - measured[k].latency_ns) / measured[k].latency_ns);
      ee.push_back((analytical[k].energy_nj - measured[k].energy_nj) / measured[k].energy_nj);
    }
    const double measured_win = scalarised(measured[win], targets);
    const double analytical_win_measured = scalarised(measured[win_analytical], targets);
    report["analytical_against_measured"] = {
        {"candidates", measured.size()},
        {"kendall_tau_latency", kendallTau(ml, al)},
        {"kendall_tau_energy", kendallTau(me, ae)},
        {"relative_error_latency", distribution(el)},
        {"relative_error_energy", distribution(ee)},
        {"measured_objective_of_measured_winner", measured_win},
        {"measured_objective_of_analytical_winner", analytical_win_measured},
        {"analytical_winner_worse_by", analytical_win_measured - measured_win}};
  }
  const double wall = std::chrono::duration<double>(Clock::now() - start).count();
  // Scoring and simulation overlap when the pool streams: overlap_s is the time both ran at once, and
  // the harness (evolution, database, files) takes what the two together leave of the wall.
  report["time"] = {{"wall_s", wall}, {"accuracy_s", accuracy_wall}, {"simulation_s", simulation_wall},
                    {"overlap_s", std::max(0.0, accuracy_wall + simulation_wall - pipeline_wall)},
                    {"harness_s", std::max(0.0, wall - pipeline_wall)},
                    {"candidates_evaluated_per_minute", wall > 0 ? double(evaluated) * 60 / wall : 0.0}};
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
  if (r.contains("analytical_against_measured")) {
    const json& g = r["analytical_against_measured"];
    s << "  analytical against measured over " << g["candidates"].get<int>() << " candidates: Kendall tau latency "
      << fmt("%.3f", g["kendall_tau_latency"].get<double>()) << ", energy " << fmt("%.3f", g["kendall_tau_energy"].get<double>())
      << "; relative error of latency median " << fmt("%+.1f %%", 100 * g["relative_error_latency"]["median"].get<double>())
      << " (p10 " << fmt("%+.1f %%", 100 * g["relative_error_latency"]["p10"].get<double>()) << ", p90 "
      << fmt("%+.1f %%", 100 * g["relative_error_latency"]["p90"].get<double>()) << "), of energy median "
      << fmt("%+.1f %%", 100 * g["relative_error_energy"]["median"].get<double>()) << "; the analytical winner measures "
      << fmt("%+.4f", g["analytical_winner_worse_by"].get<double>()) << " worse in the objective\n";
  }
  const json& t = r["time"];
  s << "  time: " << fmt("%.1f s", t["wall_s"].get<double>()) << " (accuracy " << fmt("%.1f", t["accuracy_s"].get<double>())
    << " s, simulation " << fmt("%.1f", t["simulation_s"].get<double>()) << " s, both at once "
    << fmt("%.1f", t["overlap_s"].get<double>()) << " s, harness "
    << fmt("%.1f", t["harness_s"].get<double>()) << " s), " << fmt("%.0f", t["candidates_evaluated_per_minute"].get<double>())
    << " candidates evaluated per minute\n";
  s << "  Pareto front (log loss, latency, energy, area): " << r["pareto_front"].size() << " candidates\n";
  for (const auto& e : r["pareto_front"]) line("  front", e);
  return s.str();
}

}  // namespace autorac::search
