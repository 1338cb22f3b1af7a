#include "search/Plots.h"

#include <filesystem>
#include <sstream>

#include "traces/StagedFile.h"

namespace autorac::search {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// Every file here is replaced whole (trace::StagedFile), so a killed study never leaves half a plot.
void writeWhole(const std::string& path, const std::string& content) { trace::StagedFile(path, content).commit(); }

// gnuplot draws into "<svg>.part" (output() names it in the script), renamed onto svg_path only
// when gnuplot succeeded.
std::string output(const std::string& svg_path) { return "set output '" + svg_path + ".part'\n"; }

bool plot(WorkerPool& pool, const std::string& script_path, const std::string& svg_path, const std::string& script) {
  writeWhole(script_path, script);
  Command c;
  c.argv = {"gnuplot", script_path};
  c.time_limit_s = 60;
  const std::string part = svg_path + ".part";
  std::error_code ec;
  if (!pool.run({c}).front().ok()) {
    fs::remove(part, ec);
    return false;
  }
  fs::rename(part, svg_path, ec);
  return !ec;
}

}  // namespace

std::vector<std::string> writePlots(const json& study, const json& all, const json& winner_report, const std::string& folder,
                                    WorkerPool& pool) {
  std::vector<std::string> written;
  fs::create_directories(folder);
  const std::string head = "set terminal svg size 720,480 font 'sans,12' background rgb 'white'\nset grid\n";
  // Candidates: log loss against latency; the front on top.
  {
    std::ostringstream all_dat, front_dat;
    for (const auto& c : all) all_dat << c["latency_ns_per_sample"] << " " << c["log_loss"] << "\n";
    for (const auto& c : study["pareto_front"]) front_dat << c["latency_ns_per_sample"] << " " << c["log_loss"] << "\n";
    writeWhole(folder + "/candidates.dat", all_dat.str());
    writeWhole(folder + "/front.dat", front_dat.str());
  }
  if (plot(pool, folder + "/pareto.gp", folder + "/pareto.svg",
           head + output(folder + "/pareto.svg") + "set logscale x\nset xlabel 'latency (ns per sample)'\n"
                  "set ylabel 'log loss (validation)'\nset title 'Candidates and the Pareto front (log loss, latency, energy, area)'\n"
                  "plot '" + folder + "/candidates.dat' with points pt 7 ps 0.6 lc rgb '#999999' title 'valid candidates', '" +
                  folder + "/front.dat' with points pt 7 ps 1.1 lc rgb '#d62728' title 'Pareto front'\n"))
    written.push_back(folder + "/pareto.svg");
  // Analytical against measured latency.
  {
    std::ostringstream dat;
    for (const auto& c : all)
      dat << c["latency_ns_per_sample"] << " " << c["latency_ns_per_sample"].get<double>() / c["measured_over_analytical_cycles"].get<double>()
          << "\n";
    writeWhole(folder + "/gap.dat", dat.str());
  }
  if (plot(pool, folder + "/gap.gp", folder + "/analytical_vs_measured.svg",
           head + output(folder + "/analytical_vs_measured.svg") + "set logscale xy\nset xlabel 'measured latency (ns per sample)'\n"
                  "set ylabel 'analytical latency (ns per sample)'\nset title 'The analytical twin against the SystemC measurement'\n"
                  "plot '" + folder + "/gap.dat' with points pt 7 ps 0.7 title 'candidates', x with lines lc rgb '#555555' title 'equal'\n"))
    written.push_back(folder + "/analytical_vs_measured.svg");
  if (!winner_report.is_null()) {
    {
      std::ostringstream e, o;
      for (const auto& [k, v] : winner_report["energy_pj"]["by_component"].items())
        e << k << " " << v.get<double>() * 1e-3 << " " << winner_report["area_mm2"]["by_component"].value(k, 0.0) << "\n";
      for (const auto& op : winner_report["ops"]) o << op["id"].get<std::string>() << " " << op["time_ns"].get<double>() << "\n";
      writeWhole(folder + "/components.dat", e.str());
      writeWhole(folder + "/ops.dat", o.str());
    }
    if (plot(pool, folder + "/components.gp", folder + "/winner_components.svg",
             head + output(folder + "/winner_components.svg") + "set style data histograms\nset style fill solid 0.8\n"
                    "set xtics rotate by -45\nset ylabel 'energy (nJ, whole batch) / area (mm²)'\nset logscale y\n"
                    "set title 'Winner: energy and area by component'\nplot '" + folder +
                    "/components.dat' using 2:xtic(1) title 'energy (nJ)', '' using 3 title 'area (mm²)'\n"))
      written.push_back(folder + "/winner_components.svg");
    if (plot(pool, folder + "/ops.gp", folder + "/winner_ops.svg",
             head + output(folder + "/winner_ops.svg") + "set style data histograms\nset style fill solid 0.8\n"
                    "set xtics rotate by -60 font 'sans,8'\nset ylabel 'time (ns, first to last sample)'\n"
                    "set title 'Winner: per-op time'\nplot '" + folder + "/ops.dat' using 2:xtic(1) title 'op time (ns)'\n"))
      written.push_back(folder + "/winner_ops.svg");
  }
  return written;
}

}  // namespace autorac::search
