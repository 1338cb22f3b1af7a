#pragma once
// Where simulations run: a pool of worker processes behind one interface, so that a multi-machine
// backend (MPI, a later issue) can take the local one's place. A command that crashes, exits with an
// error or outlives its time limit fails alone: its outcome says so, and the others go on.
#include <string>
#include <vector>

namespace autorac::search {

struct Command {
  std::vector<std::string> argv;  // argv[0]: the program
  double time_limit_s = 0;        // 0 = none; past it the process is killed
  std::string stdout_path;        // where its stdout goes (default: discarded)
  bool attached = false;          // keep this process's stdout and stderr (a long job's progress stays visible)
};

struct Outcome {
  int exit_code = -1;     // when it exited
  int signal = 0;         // when a signal ended it (a crash, or our kill on timeout)
  bool timed_out = false;
  double seconds = 0;
  std::string stderr_tail;  // the last lines it wrote to stderr, for the reason of a failure
  bool ok() const { return !timed_out && signal == 0 && exit_code == 0; }
  std::string describe() const;  // "exit 2: <stderr>", "killed by signal 11", "timed out after 30 s"
};

class WorkerPool {
public:
  virtual ~WorkerPool() = default;
  // Runs every command, at most jobs() at once; outcomes in the commands' order.
  virtual std::vector<Outcome> run(const std::vector<Command>& commands) = 0;
  virtual int jobs() const = 0;
};

// Child processes on this machine (fork/exec), `jobs` at a time.
class LocalPool : public WorkerPool {
public:
  explicit LocalPool(int jobs);
  std::vector<Outcome> run(const std::vector<Command>& commands) override;
  int jobs() const override { return jobs_; }

private:
  int jobs_;
};

}  // namespace autorac::search
