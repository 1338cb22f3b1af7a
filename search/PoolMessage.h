#pragma once
// What a multi-machine pool sends over the wire: a command to run and the outcome it had, as JSON
// text. Plain C++ (no MPI), so the encoding is tested without a running MPI job.
#include <cstdint>
#include <string>

#include "search/WorkerPool.h"

namespace autorac::search {

// A task: the command and the id that pairs it with its outcome (ids are never reused in one job, so a
// late answer from a rank given up as lost cannot be taken for another task's).
std::string encodeTask(int64_t id, const Command& c);
Command decodeTask(const std::string& text, int64_t& id);

std::string encodeOutcome(int64_t id, const Outcome& o);
Outcome decodeOutcome(const std::string& text, int64_t& id);

}  // namespace autorac::search
