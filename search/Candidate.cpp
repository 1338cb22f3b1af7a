#include "search/Candidate.h"

namespace autorac::search {

using nlohmann::json;

json Candidate::toJson() const {
  json a = arch.toJson();
  a.erase("name");  // a name is a label, not a choice
  return {{"arch", a},
          {"hw", {{"rows", hw.rows}, {"cols", hw.cols}, {"cell_bits", hw.cell_bits}, {"adc_bits", hw.adc_bits},
                  {"crossbars_per_adc", hw.crossbars_per_adc}, {"shift_add_units", hw.shift_add_units},
                  {"mapping", hw.mapping}}}};
}

Candidate Candidate::fromJson(const json& j) {
  Candidate c;
  json a = j.at("arch");
  if (!a.contains("name")) a["name"] = "candidate";
  c.arch = models::Arch::fromJson(a, "candidate");
  const json& h = j.at("hw");
  c.hw.rows = h.at("rows");
  c.hw.cols = h.at("cols");
  c.hw.cell_bits = h.at("cell_bits");
  c.hw.adc_bits = h.at("adc_bits");
  c.hw.crossbars_per_adc = h.at("crossbars_per_adc");
  c.hw.shift_add_units = h.at("shift_add_units");
  c.hw.mapping = h.at("mapping");
  return c;
}

json Result::toJson() const {
  return {{"status", status}, {"reason", reason}, {"log_loss", log_loss}, {"auc", auc}, {"cycles", cycles},
          {"time_ns", time_ns}, {"latency_ns", latency_ns}, {"energy_pj", energy_pj}, {"area_mm2", area_mm2},
          {"power_w", power_w}, {"tops_per_w", tops_per_w}, {"chip_tiles", chip_tiles}, {"adc_lossless", adc_lossless},
          {"analytical_cycles", analytical_cycles}, {"analytical_energy_pj", analytical_energy_pj},
          {"accuracy_seconds", accuracy_seconds}, {"simulation_seconds", simulation_seconds}};
}

Result Result::fromJson(const json& j) {
  Result r;
  r.status = j.value("status", "ok");
  r.reason = j.value("reason", "");
  r.log_loss = j.value("log_loss", 0.0);
  r.auc = j.value("auc", 0.0);
  r.cycles = j.value("cycles", 0.0);
  r.time_ns = j.value("time_ns", 0.0);
  r.latency_ns = j.value("latency_ns", 0.0);
  r.energy_pj = j.value("energy_pj", 0.0);
  r.area_mm2 = j.value("area_mm2", 0.0);
  r.power_w = j.value("power_w", 0.0);
  r.tops_per_w = j.value("tops_per_w", 0.0);
  r.chip_tiles = j.value("chip_tiles", 0);
  r.adc_lossless = j.value("adc_lossless", false);
  r.analytical_cycles = j.value("analytical_cycles", 0.0);
  r.analytical_energy_pj = j.value("analytical_energy_pj", 0.0);
  r.accuracy_seconds = j.value("accuracy_seconds", 0.0);
  r.simulation_seconds = j.value("simulation_seconds", 0.0);
  return r;
}

}  // namespace autorac::search
