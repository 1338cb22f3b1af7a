#include "search/CostEvaluator.h"

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "search/JointSpace.h"

namespace autorac::search {

Command CostEvaluator::command(const CostJob& job) const {
  Command c;
  c.argv = {pimsim_, "--design", "isaac", "--trace", job.trace, "--mapping", job.hw.mapping, "--batch",
            std::to_string(batch_), "--report", job.report};
  for (const auto& s : pimsimOverrides(job.hw)) c.argv.insert(c.argv.end(), {"--set", s});
  if (!allow_lossy_ && job.hw.mapping == "optimized") c.argv.push_back("--lossless-adc");
  // pimsim stops itself at the limit (exit 3, no report); the pool's kill stays as the backstop.
  if (time_limit_s_ > 0) c.argv.insert(c.argv.end(), {"--max-seconds", std::to_string(time_limit_s_)});
  c.time_limit_s = time_limit_s_;
  return c;
}

void CostEvaluator::read(const CostJob& job, const Outcome& o, Result& r) const {
  r.simulation_seconds = o.seconds;
  if (!o.ok()) {
    // pimsim's exit 2 is a design or trace the chip cannot take (e.g. too few crossbars): invalid.
    // Exit 3: pimsim's own --max-seconds stop, the same limit as the pool's.
    r.status = o.timed_out || o.exit_code == 3 ? "timeout" : o.exit_code == 2 ? "invalid" : "failed";
    r.reason = "pimsim " + o.describe();
    return;
  }
  std::ifstream in(job.report);
  std::stringstream text;
  text << in.rdbuf();
  const nlohmann::json rep = nlohmann::json::parse(text.str());
  r.cycles = rep["cycles"].get<double>();
  r.time_ns = rep["time_ns"].get<double>();
  r.latency_ns = rep["latency_ns"].get<double>();
  r.energy_pj = rep["energy_pj"]["total"].get<double>();
  r.area_mm2 = rep["area_mm2"]["chip"].get<double>();
  r.power_w = rep["power_w"].get<double>();
  r.tops_per_w = rep["tops_per_w"].get<double>();
  r.chip_tiles = rep["mapping"]["chip_tiles"].get<int>();
  r.adc_lossless = rep["adc"]["lossless"].get<bool>();
  r.analytical_cycles = rep["analytical"]["cycles"].get<double>();
  r.analytical_energy_pj = rep["analytical"]["energy_pj"]["total"].get<double>();
  if (!r.adc_lossless && !allow_lossy_) {
    r.status = "invalid";
    r.reason = "the " + std::to_string(rep["adc"]["bits"].get<int>()) + "-bit ADC loses information on " +
               std::to_string(rep["adc"]["lossy_ops"].size()) + " ops (up to " +
               std::to_string(rep["adc"]["most_bits_needed"].get<int>()) +
               " bits needed); the supernet's log loss does not model ADC loss (--lossy-adc allow keeps such designs)";
  }
}

}  // namespace autorac::search
