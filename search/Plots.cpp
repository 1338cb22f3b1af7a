#include "search/Plots.h"

#include <filesystem>
#include <fstream>

namespace autorac::search {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

bool plot(WorkerPool& pool, const std::string& script_path, const std::string& script) {
  std::ofstream(script_path) << script;
  Command c;
  c.argv = {"gnuplot", script_path};
  c.time_limit_s = 60;
  return pool.run({c}).front().ok();
}

}  // namespace

std::vector<std::string> writePlots(const json& study, const json& all, const json& winner_report, const std::string& folder,
                                    WorkerPool& pool) {
  std::vector<std::string> written;
  fs::create_directories(folder);
  const std::string head = "set terminal svg size 720,480 font 'sans,12' background rgb 'white'\nset grid\n";
  // Candidates: log loss against latency; the front on top.
  {
    std::ofstream all_dat(folder + "/candidates.dat"), front_dat(folder + "/front.dat");
    for (const auto& c : all) all_dat << c["latency_ns_per_sample"] << " " << c["log_loss"] << "\n";
    for (const auto& c : study["pareto_front"]) front_dat << c["latency_ns_per_sample"] << " " << c["log_loss"] << "\n";
  }
  if (plot(pool, folder + "/pareto.gp",
           head + "set output '" + folder + "/pareto.svg'\nset logscale x\nset xlabel 'latency (ns per sample)'\n"
                  "set ylabel 'log loss (validation)'\nset title 'Candidates and the Pareto front (log loss, latency, energy, area)'\n"
                  "plot '" + folder + "/candidates.dat' with points pt 7 ps 0.6 lc rgb '#999999' title 'valid candidates', '" +
                  folder + "/front.dat' with points pt 7 ps 1.1 lc rgb '#d62728' title 'Pareto front'\n"))
    written.push_back(folder + "/pareto.svg");
  // Analytical against measured latency.
  {
    std::ofstream dat(folder + "/gap.dat");
    for (const auto& c : all)
      dat << c["latency_ns_per_sample"] << " " << c["latency_ns_per_sample"].get<double>() / c["measured_over_analytical_cycles"].get<double>()
          << "\n";
  }
  if (plot(pool, folder + "/gap.gp",
           head + "set output '" + folder + "/analytical_vs_measured.svg'\nset logscale xy\nset xlabel 'measured latency (ns per sample)'\n"
                  "set ylabel 'analytical latency (ns per sample)'\nset title 'The analytical twin against the SystemC measurement'\n"
                  "plot '" + folder + "/gap.dat' with points pt 7 ps 0.7 title 'candidates', x with lines lc rgb '#555555' title 'equal'\n"))
    written.push_back(folder + "/analytical_vs_measured.svg");
  if (!winner_report.is_null()) {
    {
      std::ofstream e(folder + "/components.dat");
      for (const auto& [k, v] : winner_report["energy_pj"]["by_component"].items())
        e << k << " " << v.get<double>() * 1e-3 << " " << winner_report["area_mm2"]["by_component"].value(k, 0.0) << "\n";
      std::ofstream o(folder + "/ops.dat");
      for (const auto& op : winner_report["ops"]) o << op["id"].get<std::string>() << " " << op["time_ns"].get<double>() << "\n";
    }
    if (plot(pool, folder + "/components.gp",
             head + "set output '" + folder + "/winner_components.svg'\nset style data histograms\nset style fill solid 0.8\n"
                    "set xtics rotate by -45\nset ylabel 'energy (nJ, whole batch) / area (mm²)'\nset logscale y\n"
                    "set title 'Winner: energy and area by component'\nplot '" + folder +
                    "/components.dat' using 2:xtic(1) title 'energy (nJ)', '' using 3 title 'area (mm²)'\n"))
      written.push_back(folder + "/winner_components.svg");
    if (plot(pool, folder + "/ops.gp",
             head + "set output '" + folder + "/winner_ops.svg'\nset style data histograms\nset style fill solid 0.8\n"
                    "set xtics rotate by -60 font 'sans,8'\nset ylabel 'time (ns, first to last sample)'\n"
                    "set title 'Winner: per-op time'\nplot '" + folder + "/ops.dat' using 2:xtic(1) title 'op time (ns)'\n"))
      written.push_back(folder + "/winner_ops.svg");
  }
  return written;
}

}  // namespace autorac::search
