#include "search/MpiSession.h"

#include <mpi.h>

namespace autorac::search {

MpiSession::MpiSession() {
  // FUNNELED: only the main thread calls MPI; a worker rank runs its task on a helper thread.
  int provided = 0;
  MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided);
  MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
  lost_.assign(size_t(size_), false);
}

MpiSession::~MpiSession() {
  if (isRoot()) stopWorkers();
  if (finalize_ && lostRanks() == 0) MPI_Finalize();
}

std::vector<int> MpiSession::liveWorkers() const {
  std::vector<int> live;
  if (stopped_) return live;
  for (int r = 1; r < size_; ++r)
    if (!lost_[size_t(r)]) live.push_back(r);
  return live;
}

void MpiSession::markLost(int rank) { lost_[size_t(rank)] = true; }

int MpiSession::lostRanks() const {
  int n = 0;
  for (bool l : lost_) n += l;
  return n;
}

void MpiSession::stopWorkers() {
  if (stopped_ || !isRoot()) return;
  const std::string how = lostRanks() ? "no-finalize" : "finalize";
  // Lost ranks too: one given up for silence may only have been slow, and would wait forever. A send
  // to a dead one returns (eager).
  for (int r = 1; r < size_; ++r) send(r, MpiTag::stop, how);
  stopped_ = true;
}

void MpiSession::send(int to, MpiTag tag, const std::string& body) const {
  // Messages are a few hundred bytes: under the eager limit, so a send to a lost rank returns.
  MPI_Send(body.data(), int(body.size()), MPI_CHAR, to, int(tag), MPI_COMM_WORLD);
}

std::optional<MpiMessage> MpiSession::poll(int from) const {
  int flag = 0;
  MPI_Status status;
  MPI_Iprobe(from < 0 ? MPI_ANY_SOURCE : from, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, &status);
  if (!flag) return std::nullopt;
  int count = 0;
  MPI_Get_count(&status, MPI_CHAR, &count);
  MpiMessage m;
  m.source = status.MPI_SOURCE;
  m.tag = MpiTag(status.MPI_TAG);
  m.body.resize(size_t(count));
  MPI_Recv(m.body.data(), count, MPI_CHAR, status.MPI_SOURCE, status.MPI_TAG, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  return m;
}

}  // namespace autorac::search
