#pragma once
// One point of the joint space: a model architecture with its per-op precision, the hardware knobs a
// design file would set, and the mapping. Its canonical JSON text is its identity in the database.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "models/space/Arch.h"

namespace autorac::search {

struct HardwareChoice {
  int rows = 128, cols = 128;  // crossbar size
  int cell_bits = 2;
  int adc_bits = 0;            // 0: lossless for every op (the bits a full crossbar's column sum needs)
  int crossbars_per_adc = 1;   // crossbars sharing one ADC group
  int shift_add_units = 4;     // per PE
  std::string mapping = "optimized";
};

struct Candidate {
  models::Arch arch;
  HardwareChoice hw;
  nlohmann::json toJson() const;
  std::string key() const { return toJson().dump(); }  // canonical: nlohmann sorts object keys
  static Candidate fromJson(const nlohmann::json& j);
};

// What an evaluation measured. status "ok", or "invalid" / "failed" / "timeout" with a reason.
struct Result {
  std::string status = "ok", reason;
  double log_loss = 0, auc = 0;
  // measured by the SystemC simulator (pimsim) for the fixed batch
  double cycles = 0, time_ns = 0, latency_ns = 0, energy_pj = 0, area_mm2 = 0, power_w = 0, tops_per_w = 0;
  int chip_tiles = 0;
  bool adc_lossless = false;
  // the analytical twin's figures for the same run
  double analytical_cycles = 0, analytical_energy_pj = 0;
  double accuracy_seconds = 0, simulation_seconds = 0;  // wall time of each evaluation
  bool ok() const { return status == "ok"; }
  nlohmann::json toJson() const;
  static Result fromJson(const nlohmann::json& j);
};

}  // namespace autorac::search
