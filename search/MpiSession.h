#pragma once
// This process's place in an MPI job (--pool mpi, docs/mpi.md): MPI is initialised on construction
// and finalised on destruction, and small text messages go between rank 0 (the search) and the worker
// ranks. The header does not include <mpi.h>: only the MPI backend's .cpp files see MPI.
//
// OpenMPI 4.1 has no ULFM: a rank that dies aborts the whole job, unless mpirun runs with
// --enable-recovery. Then the job goes on, and rank 0 gives a silent rank up (MpiPool); but
// MPI_Finalize would wait for the lost rank forever, so once a rank is lost every survivor ends
// without it (rank 0 tells the workers so in its stop message).
#include <optional>
#include <string>
#include <vector>

namespace autorac::search {

// command: run a pimsim command; score: score an architecture on this rank's scorer; answer: the
// result of either; heartbeat: still working on it; stop: leave the worker loop.
enum class MpiTag : int { command = 1, score = 2, answer = 3, heartbeat = 4, stop = 5 };

struct MpiMessage {
  int source = -1;
  MpiTag tag = MpiTag::stop;
  std::string body;
};

class MpiSession {
public:
  MpiSession();   // MPI_Init_thread; errors return (not abort), so a send to a lost rank is survivable
  ~MpiSession();  // rank 0: stops the workers; then MPI_Finalize unless a rank was lost
  MpiSession(const MpiSession&) = delete;
  MpiSession& operator=(const MpiSession&) = delete;

  int rank() const { return rank_; }
  int size() const { return size_; }
  bool isRoot() const { return rank_ == 0; }

  // Rank 0: worker ranks still believed alive and not yet stopped.
  std::vector<int> liveWorkers() const;
  void markLost(int rank);
  int lostRanks() const;
  // Rank 0: every live worker leaves its loop (idempotent; the destructor calls it).
  void stopWorkers();
  // A worker: rank 0's stop message said whether the job may finalise.
  void skipFinalize() { finalize_ = false; }

  void send(int to, MpiTag tag, const std::string& body) const;
  // A message waiting for this rank (from `from`, or from any rank if -1), without blocking.
  std::optional<MpiMessage> poll(int from = -1) const;

private:
  int rank_ = 0, size_ = 1;
  std::vector<bool> lost_;
  bool stopped_ = false, finalize_ = true;
};

}  // namespace autorac::search
