#pragma once
// The worker pool across an MPI job (--pool mpi, docs/mpi.md): each command goes to the next idle
// worker rank (MpiDispatcher), which runs it in a child process (serveMpiWorker), so a crashing or
// hanging pimsim fails its own command as in the local pool and never takes the rank with it. With no
// worker rank left (or a job of one rank), rank 0 runs the commands itself, one at a time.
#include "search/MpiDispatcher.h"
#include "search/WorkerPool.h"

namespace autorac::search {

class MpiPool : public WorkerPool {
public:
  explicit MpiPool(MpiDispatcher& dispatcher) : dispatcher_(dispatcher) {}
  using WorkerPool::run;
  std::vector<Outcome> run(const std::vector<Command>& commands) override;
  int jobs() const override;

private:
  MpiDispatcher& dispatcher_;
};

}  // namespace autorac::search
