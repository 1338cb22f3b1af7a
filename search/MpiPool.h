#pragma once
// The worker pool across an MPI job (--pool mpi, docs/mpi.md): rank 0 hands each command to an idle
// worker rank as soon as one is free (dynamic, so a slow simulation holds one rank, not a generation),
// and each worker rank runs it in a child process (serveMpiWorker), so a crashing or hanging pimsim
// fails its own command as in the local pool and never takes the rank with it.
//
// A worker rank that goes silent (no answer or heartbeat for rank_timeout_s, while busy) is given up:
// its command goes back to the queue for another rank, and an answer it sends later is ignored. With
// no worker rank left (or a job of one rank), rank 0 runs the commands itself, one at a time.
#include <cstdint>

#include "search/MpiSession.h"
#include "search/WorkerPool.h"

namespace autorac::search {

class MpiPool : public WorkerPool {
public:
  MpiPool(MpiSession& session, double rank_timeout_s);
  std::vector<Outcome> run(const std::vector<Command>& commands) override;
  int jobs() const override;

private:
  MpiSession& session_;
  double rank_timeout_s_;
  int64_t next_id_ = 0;
};

// A worker rank's life: runs the commands rank 0 sends, one at a time, each in a child process, with a
// heartbeat every second while it runs; returns when rank 0 says stop.
void serveMpiWorker(MpiSession& session);

}  // namespace autorac::search
