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
  // A report pimsim wrote but that cannot be read fails its candidate alone, naming the file and field.
  try {
    std::ifstream in(job.report);
    std::stringstream text;
    text << in.rdbuf();
    const nlohmann::json rep = nlohmann::json::parse(text.str());
    r.cycles = rep.at("cycles").get<double>();
    r.time_ns = rep.at("time_ns").get<double>();
    r.latency_ns = rep.at("latency_ns").get<double>();
    r.energy_pj = rep.at("energy_pj").at("total").get<double>();
    r.area_mm2 = rep.at("area_mm2").at("chip").get<double>();
    r.power_w = rep.at("power_w").get<double>();
    r.tops_per_w = rep.at("tops_per_w").get<double>();
    r.chip_tiles = rep.at("mapping").at("chip_tiles").get<int>();
    r.adc_lossless = rep.at("adc").at("lossless").get<bool>();
    r.analytical_cycles = rep.at("analytical").at("cycles").get<double>();
    r.analytical_energy_pj = rep.at("analytical").at("energy_pj").at("total").get<double>();
    if (!r.adc_lossless && !allow_lossy_) {
      const auto& adc = rep.at("adc");
      r.status = "invalid";
      r.reason = "the " + std::to_string(adc.at("bits").get<int>()) + "-bit ADC loses information on " +
                 std::to_string(adc.at("lossy_ops").size()) + " ops (up to " +
                 std::to_string(adc.at("most_bits_needed").get<int>()) +
                 " bits needed); the supernet's log loss does not model ADC loss (--lossy-adc allow keeps such designs)";
    }
  } catch (const nlohmann::json::exception& e) {
    r.status = "failed";
    r.reason = "pimsim report " + job.report + ": " + e.what();
  }
}

}  // namespace autorac::search
