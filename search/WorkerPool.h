#pragma once
// Where simulations run: a pool of worker processes behind one interface, so that a multi-machine
// backend (MPI, a later issue) can take the local one's place. A command that crashes, exits with an
// error or outlives its time limit fails alone: its outcome says so, and the others go on.
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
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

// Commands that become ready one at a time: the co-search hands a candidate's simulation to the pool
// as soon as its accuracy is in, while the scorer works on the next candidate. One thread pushes and
// closes; the pool takes. Index = order of push.
class CommandFeed {
public:
  void push(Command c);
  void close();  // no more commands
  // The next command with its index; nullopt when none is ready now (wait = false), or when the feed
  // is closed and every command taken (wait = true blocks until one of the two).
  std::optional<std::pair<size_t, Command>> take(bool wait);
  bool finished() const;  // closed, and every command taken

private:
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<Command> ready_;
  size_t taken_ = 0;
  bool closed_ = false;
};

class WorkerPool {
public:
  virtual ~WorkerPool() = default;
  // Runs every command, at most jobs() at once; outcomes in the commands' order.
  virtual std::vector<Outcome> run(const std::vector<Command>& commands) = 0;
  // Runs the feed's commands as they come, at most jobs() at once; returns when the feed is closed and
  // every command done; outcomes in push order. This one waits for the feed to close, then runs
  // them all; a pool that streams() starts each one as soon as it is pushed.
  virtual std::vector<Outcome> run(CommandFeed& feed);
  // Whether run(feed) may be called on another thread than the one that pushes and starts commands
  // early. The MPI pool may not: its MPI calls stay on the main thread (MPI_THREAD_FUNNELED).
  virtual bool streams() const { return false; }
  virtual int jobs() const = 0;
};

// Child processes on this machine (fork/exec), `jobs` at a time.
class LocalPool : public WorkerPool {
public:
  explicit LocalPool(int jobs);
  std::vector<Outcome> run(const std::vector<Command>& commands) override;
  std::vector<Outcome> run(CommandFeed& feed) override;
  bool streams() const override { return true; }
  int jobs() const override { return jobs_; }

private:
  int jobs_;
};

}  // namespace autorac::search
