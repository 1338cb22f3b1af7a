#pragma once
// SVG plots of a study with gnuplot (Debian's gnuplot-nox, installed by scripts/setup): the Pareto
// front (log loss against latency, the front marked), analytical against measured latency, and the
// winner's energy and area by component and per-op latency. Returns the files written; none when
// gnuplot is missing (the report says so).
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "search/WorkerPool.h"

namespace autorac::search {

// `winner_report`: pimsim's report of the winner (for its components and ops), or null.
std::vector<std::string> writePlots(const nlohmann::json& study, const nlohmann::json& all_candidates,
                                    const nlohmann::json& winner_report, const std::string& folder, WorkerPool& pool);

}  // namespace autorac::search
