#pragma once
// Rank 0's side of the MPI backend (docs/mpi.md): hands tasks to the worker ranks, each to the next
// idle one (dynamic, so a slow task holds one rank, not a whole generation), and collects the answers.
//
// A busy worker rank that stays silent (no answer and no heartbeat) for rank_timeout_s is given up:
// its task goes back to the queue for another rank, and anything it sends later is ignored.
#include <cstdint>
#include <optional>
#include <vector>

#include <nlohmann/json.hpp>

#include "search/MpiSession.h"

namespace autorac::search {

class MpiDispatcher {
public:
  MpiDispatcher(MpiSession& session, double rank_timeout_s) : session_(session), rank_timeout_s_(rank_timeout_s) {}
  // The answers in the tasks' order. With no worker rank left (or a job of one rank) the tasks not done
  // come back empty, for rank 0 to run itself.
  std::vector<std::optional<nlohmann::json>> run(MpiTag kind, const std::vector<nlohmann::json>& tasks);
  int workers() const { return int(session_.liveWorkers().size()); }

private:
  MpiSession& session_;
  double rank_timeout_s_;
  int64_t next_id_ = 0;
};

}  // namespace autorac::search
