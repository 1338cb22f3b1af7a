#pragma once
// pimsim's report: one JSON document (the interface to search/ and to scripts) and a summary for
// people. Everything in it is derived from the run's inputs and its simulated figures, never from the
// wall clock, so the same inputs give a byte-identical report.
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/analytical/AnalyticalModel.h"
#include "sim/design/DesignLoader.h"
#include "sim/report/FunctionalCheck.h"
#include "sim/report/Measurement.h"
#include "sim/mapping/Mapping.h"
#include "traces/Trace.h"

namespace autorac::sim {

struct RunRecord {
  const trace::Trace& trace;
  const ResolvedDesign& design;
  const Mapping& mapping;
  uint64_t batch;
  const Measurement& measured;
  const Estimate& analytical;
  const std::vector<OpFunctionalResult>* functional;  // null unless --functional
};

nlohmann::json buildReport(const RunRecord& run);
std::string summaryText(const nlohmann::json& report);

}  // namespace autorac::sim
