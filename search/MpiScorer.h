#pragma once
// Accuracy across an MPI job (--pool mpi, docs/mpi.md): each candidate goes to the next idle worker
// rank, which scores it on its own `autorac score` process, started on the rank's first request and
// kept for the run (the supernet and the validation data are loaded once per rank). Rank 0 starts a
// scorer of its own only when no worker rank is left (or in a job of one rank).
#include <memory>
#include <string>
#include <vector>

#include "search/MpiDispatcher.h"
#include "search/ScorerClient.h"
#include "search/Study.h"

namespace autorac::search {

class MpiScorer : public AccuracyEvaluator {
public:
  MpiScorer(MpiDispatcher& dispatcher, std::vector<std::string> scorer_argv)
      : dispatcher_(dispatcher), argv_(std::move(scorer_argv)) {}
  AccuracyAnswer evaluate(const Candidate& c, const std::string& name) override;
  void evaluate(const std::vector<Candidate>& cs, const std::vector<std::string>& names, const OnAnswer& on_answer) override;

private:
  MpiDispatcher& dispatcher_;
  std::vector<std::string> argv_;
  std::unique_ptr<ScorerClient> local_;
};

// A worker rank's life: runs the commands and scores rank 0 sends, one at a time, commands in a child
// process and scores on the rank's scorer process, with a heartbeat every second while one runs;
// returns when rank 0 says stop.
void serveMpiWorker(MpiSession& session);

}  // namespace autorac::search
