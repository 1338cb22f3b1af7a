#include "sim/run/LayoutProbe.h"

#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstring>
#include <algorithm>
#include <stdexcept>

#include "sim/analytical/AnalyticalModel.h"
#include "sim/run/ChipSimulation.h"
#include "sim/run/RunLimits.h"
#include "traces/InputError.h"

namespace autorac::sim {
namespace {

// Everything readable from `fd` until the writer closes it.
std::string readAll(int fd) {
  std::string out;
  char buf[4096];
  for (;;) {
    const ssize_t n = read(fd, buf, sizeof buf);
    if (n > 0) out.append(buf, size_t(n));
    else if (n == 0 || errno != EINTR) return out;
  }
}

// Simulates `samples` of the mapping in a child process; returns its cycles, or -1 with `failure` set.
// The child writes its cycles (8 bytes, -1 on failure) and then why it failed, and nothing else: its
// stdout and stderr go to /dev/null, so a probe never mixes lines into pimsim's own output.
int64_t probeInChild(const hw::Design& design, const Mapping& mapping, uint64_t samples, std::string& failure) {
  int fds[2];
  if (pipe(fds) != 0) throw std::runtime_error(std::string("layout probe: pipe: ") + std::strerror(errno));
  std::fflush(nullptr);  // nothing buffered in the parent may be written twice
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error(std::string("layout probe: fork: ") + std::strerror(errno));
  if (pid == 0) {
    close(fds[0]);
    prctl(PR_SET_PDEATHSIG, SIGKILL);  // never outlive pimsim (e.g. stopped by --max-seconds)
    const int null = open("/dev/null", O_WRONLY);
    if (null >= 0) dup2(null, STDOUT_FILENO), dup2(null, STDERR_FILENO);
    int64_t cycles = -1;
    std::string why;
    try {
      cycles = int64_t(simulateChip(design, mapping, samples).cycles);
    } catch (const std::exception& e) {
      why = e.what();
    } catch (...) {
      why = "unknown exception";
    }
    bool sent = write(fds[1], &cycles, sizeof cycles) == ssize_t(sizeof cycles);
    if (!why.empty()) sent = write(fds[1], why.data(), why.size()) == ssize_t(why.size()) && sent;
    _exit(sent && cycles >= 0 ? 0 : 1);  // no destructors or atexit handlers: the parent owns that state
  }
  close(fds[1]);
  const std::string got = readAll(fds[0]);
  close(fds[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  int64_t cycles = -1;
  if (got.size() >= sizeof cycles) std::memcpy(&cycles, got.data(), sizeof cycles);
  if (cycles >= 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0) return cycles;
  if (got.size() > sizeof cycles) {
    failure = got.substr(sizeof cycles);
    std::replace(failure.begin(), failure.end(), '\n', ' ');  // one line in the report and the summary
  }
  else if (WIFSIGNALED(status)) failure = "killed by signal " + std::to_string(WTERMSIG(status));
  else if (WEXITSTATUS(status) == kExitMemoryLimit) failure = "out of memory (--max-memory-mb)";
  else failure = "exited with status " + std::to_string(WEXITSTATUS(status));
  return -1;
}

}  // namespace

ChipPlan chooseLayoutByMeasurement(const trace::Trace& trace, const ResolvedDesign& design, MapOptions options,
                                   uint64_t batch) {
  LayoutChoice out;
  out.by = "measured";
  // The order the twin tries them in; equal measurements go to the earlier (not the twin's NoC tie-break). Each is
  // planned whole, its chip fitted on its own where the design says tiles: "fit".
  const Layout layouts[] = {Layout::Columns, Layout::RowsSpread, Layout::ColumnsSpread};
  std::vector<ChipPlan> plans;
  bool spans = false;
  for (Layout l : layouts) {
    options.layout = l;
    LayoutTried p;
    p.layout = l;
    try {
      plans.push_back(planChip(trace, design, Strategy::Optimized, options));
      spans = spans || anyGroupSpansTiles(plans.back().mapping);
    } catch (const InputError& e) {
      if (l == Layout::Columns) throw;  // the trace does not fit the design at all, as with --layout auto
      plans.push_back(plans.front());
      p.failure = std::string("not mapped: ") + e.what();
    }
    out.tried.push_back(p);
  }
  if (!spans) return std::move(plans.front());  // no matrix spans tiles: one layout only, nothing to choose
  out.probe_samples = std::min<uint64_t>(batch, kLayoutProbeSamples);
  for (size_t i = 0; i < plans.size(); ++i) {
    LayoutTried& p = out.tried[i];
    if (!p.failure.empty()) continue;
    const ChipPlan& plan = plans[i];
    p.twin_interval = estimate(plan.design.design, plan.mapping, batch, false).interval_cycles;
    try {
      checkProcessMapsFit(plan.mapping);
      p.measured_cycles = probeInChild(plan.design.design, plan.mapping, out.probe_samples, p.failure);
    } catch (const InputError& e) {
      p.failure = e.what();
    }
  }
  int best = -1;
  for (size_t i = 0; i < out.tried.size(); ++i)
    if (out.tried[i].measured_cycles >= 0 && (best < 0 || out.tried[i].measured_cycles < out.tried[size_t(best)].measured_cycles))
      best = int(i);
  if (best < 0) {
    std::string why;
    for (const auto& p : out.tried) why += std::string(" ") + layoutName(p.layout) + ": " + p.failure + ";";
    throw std::runtime_error("--layout measured: every layout's probe failed:" + why);
  }
  ChipPlan chosen = std::move(plans[size_t(best)]);
  chosen.mapping.layout_choice = std::move(out);
  return chosen;
}

}  // namespace autorac::sim
