#pragma once
// What the MPI backend sends between ranks, as JSON: a command to run and the outcome it had, inside
// an envelope whose id pairs a task with its answer (ids are never reused in one job, so a late answer
// from a rank given up as lost cannot be taken for another task's). Plain C++ (no MPI), so the
// encoding is tested without a running MPI job.
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "search/WorkerPool.h"

namespace autorac::search {

std::string envelope(int64_t id, const nlohmann::json& body);
nlohmann::json openEnvelope(const std::string& text, int64_t& id);

nlohmann::json commandToJson(const Command& c);
Command commandFromJson(const nlohmann::json& j);
nlohmann::json outcomeToJson(const Outcome& o);
Outcome outcomeFromJson(const nlohmann::json& j);

}  // namespace autorac::search
