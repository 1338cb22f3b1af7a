#include "sim/run/LayoutProbe.h"

#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstring>
#include <algorithm>
#include <stdexcept>

#include "sim/analytical/AnalyticalModel.h"
#include "sim/run/ChipSimulation.h"
#include "traces/InputError.h"

namespace autorac::sim {
namespace {

// Simulates `samples` of the mapping in a child process; returns its cycles, or -1 with `failure` set.
int64_t probeInChild(const hw::Design& design, const Mapping& mapping, uint64_t samples, std::string& failure) {
  int fds[2];
  if (pipe(fds) != 0) throw std::runtime_error(std::string("layout probe: pipe: ") + std::strerror(errno));
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error(std::string("layout probe: fork: ") + std::strerror(errno));
  if (pid == 0) {
    close(fds[0]);
    prctl(PR_SET_PDEATHSIG, SIGKILL);  // never outlive pimsim (e.g. stopped by --max-seconds)
    int64_t cycles = -1;
    try {
      cycles = int64_t(simulateChip(design, mapping, samples).cycles);
    } catch (...) {
    }
    const ssize_t written = write(fds[1], &cycles, sizeof cycles);
    _exit(written == ssize_t(sizeof cycles) && cycles >= 0 ? 0 : 1);  // no destructors: the parent owns the state
  }
  close(fds[1]);
  int64_t cycles = -1;
  const ssize_t got = read(fds[0], &cycles, sizeof cycles);
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  if (got != ssize_t(sizeof cycles) || cycles < 0) {
    failure = WIFSIGNALED(status) ? "probe killed by signal " + std::to_string(WTERMSIG(status))
                                  : "probe exited with status " + std::to_string(WEXITSTATUS(status));
    return -1;
  }
  return cycles;
}

}  // namespace

ChipPlan chooseLayoutByMeasurement(const trace::Trace& trace, const ResolvedDesign& design, MapOptions options,
                                   uint64_t batch) {
  LayoutChoice out;
  out.by = "measured";
  // The order of the twin's own tries, so equal measurements keep its tie-break (the earlier). Each is
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
