#include "search/WorkerPool.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace autorac::search {
namespace {

using Clock = std::chrono::steady_clock;

struct Running {
  pid_t pid = -1;
  size_t index = 0;
  Clock::time_point start;
  std::string err_path;
};

std::string tail(const std::string& path, size_t bytes = 600) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  std::string t = s.str();
  if (t.size() > bytes) t = "..." + t.substr(t.size() - bytes);
  while (!t.empty() && (t.back() == '\n' || t.back() == '\r')) t.pop_back();
  return t;
}

pid_t spawn(const Command& c, const std::string& err_path) {
  std::vector<char*> argv;
  for (const auto& a : c.argv) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("worker pool: fork failed");
  if (pid == 0) {
    const int null = open("/dev/null", O_RDWR);
    if (null >= 0) dup2(null, STDIN_FILENO);
    if (!c.attached) {
      const int err = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      if (err >= 0) dup2(err, STDERR_FILENO);
      const int out = c.stdout_path.empty() ? null : open(c.stdout_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      if (out >= 0) dup2(out, STDOUT_FILENO);
    }
    execvp(argv[0], argv.data());
    std::fprintf(stderr, "cannot run %s\n", argv[0]);
    _exit(127);
  }
  return pid;
}

}  // namespace

std::string Outcome::describe() const {
  std::string what;
  if (timed_out) what = "timed out after " + std::to_string(int(seconds)) + " s";
  else if (signal) what = "killed by signal " + std::to_string(signal);
  else what = "exit " + std::to_string(exit_code);
  return stderr_tail.empty() ? what : what + ": " + stderr_tail;
}

void CommandFeed::push(Command c) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    ready_.push_back(std::move(c));
  }
  changed_.notify_all();
}

void CommandFeed::close() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    closed_ = true;
  }
  changed_.notify_all();
}

std::optional<std::pair<size_t, Command>> CommandFeed::take(bool wait) {
  std::unique_lock<std::mutex> lock(mutex_);
  if (wait) changed_.wait(lock, [&] { return !ready_.empty() || closed_; });
  if (ready_.empty()) return std::nullopt;
  std::pair<size_t, Command> next{taken_++, std::move(ready_.front())};
  ready_.pop_front();
  return next;
}

bool CommandFeed::finished() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return closed_ && ready_.empty();
}

std::vector<Outcome> WorkerPool::run(CommandFeed& feed) {
  std::vector<Command> commands;
  while (auto next = feed.take(true)) commands.push_back(std::move(next->second));
  return run(commands);
}

LocalPool::LocalPool(int jobs) : jobs_(jobs < 1 ? 1 : jobs) {}

std::vector<Outcome> LocalPool::run(const std::vector<Command>& commands) {
  CommandFeed feed;
  for (const auto& c : commands) feed.push(c);
  feed.close();
  return run(feed);
}

std::vector<Outcome> LocalPool::run(CommandFeed& feed) {
  std::vector<Outcome> out;
  std::vector<Command> commands;  // taken so far, by index
  std::vector<Running> running;
  char dir_template[] = "/tmp/autorac-pool-XXXXXX";
  const char* dir = mkdtemp(dir_template);
  if (!dir) throw std::runtime_error("worker pool: cannot create a temporary folder");
  for (;;) {
    // Idle, the pool blocks until the feed has a command or is closed; busy, it only looks.
    while (int(running.size()) < jobs_) {
      auto next = feed.take(running.empty());
      if (!next) break;
      const size_t index = next->first;
      commands.push_back(std::move(next->second));
      out.resize(commands.size());
      Running r;
      r.index = index;
      r.err_path = std::string(dir) + "/stderr" + std::to_string(index);
      r.start = Clock::now();
      r.pid = spawn(commands[index], r.err_path);
      running.push_back(r);
    }
    if (running.empty() && feed.finished()) break;
    bool reaped = false;
    for (size_t i = 0; i < running.size();) {
      Running& r = running[i];
      Outcome& o = out[r.index];
      int status = 0;
      const pid_t got = waitpid(r.pid, &status, WNOHANG);
      const double elapsed = std::chrono::duration<double>(Clock::now() - r.start).count();
      const double limit = commands[r.index].time_limit_s;
      if (got == 0 && limit > 0 && elapsed > limit) {
        kill(r.pid, SIGKILL);
        waitpid(r.pid, &status, 0);
        o.timed_out = true;
      } else if (got == 0) {
        ++i;
        continue;
      }
      o.seconds = elapsed;
      if (!o.timed_out) {
        if (WIFEXITED(status)) o.exit_code = WEXITSTATUS(status);
        if (WIFSIGNALED(status)) o.signal = WTERMSIG(status);
      }
      if (!o.ok()) o.stderr_tail = tail(r.err_path);
      std::remove(r.err_path.c_str());
      running.erase(running.begin() + long(i));
      reaped = true;
    }
    if (!reaped && !running.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  rmdir(dir);
  return out;
}

}  // namespace autorac::search
