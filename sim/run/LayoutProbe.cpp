#include "sim/run/LayoutProbe.h"

#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <stdexcept>

#include "sim/run/ChipSimulation.h"
#include "sim/run/RunLimits.h"
#include "traces/InputError.h"

namespace autorac::sim {
namespace {

// What a probe child sends back first, then why it failed (if it did) as text to the end of the pipe.
struct ProbeHeader {
  int64_t cycles = -1;         // simulated cycles for the probe's samples; -1: failed
  int64_t twin_interval = 0;   // the layout's analytical cycles per sample (0: not mapped)
  int64_t chip_tiles = 0;
  int64_t input_error = 0;     // 1: the layout cannot be run on this design (InputError), not a crash
};

struct ProbeResult {
  LayoutTried tried;
  bool input_error = false, out_of_memory = false;
};

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

// In the child: plans the layout whole (its own fitted chip under tiles: "fit"), makes the checks the
// real run makes before it simulates (the whole batch's simulated time, the kernel's map count), and
// simulates `samples`. Planning here rather than in the parent keeps every probe's address space as
// lean as the real run's, so that under --max-memory-mb a probe fails only where the run would.
ProbeHeader runProbe(const trace::Trace& trace, const ResolvedDesign& design, MapOptions options, uint64_t batch,
                     uint64_t samples, std::string& why) {
  ProbeHeader h;
  try {
    const ChipPlan plan = planChip(trace, design, Strategy::Optimized, options);
    const hw::Design& d = plan.design.design;
    h.chip_tiles = d.tiles;
    h.twin_interval = estimateAndCheckRunFits(d, plan.mapping, batch).interval_cycles;  // as the real run checks
    const Measurement m = simulateChip(d, plan.mapping, samples);
    checkTlmProtocol(m);
    h.cycles = int64_t(m.cycles);
  } catch (const InputError& e) {
    h.input_error = 1;
    why = e.what();
  } catch (const std::exception& e) {
    why = e.what();
  } catch (...) {
    why = "unknown exception";
  }
  return h;
}

// Runs one layout's probe in a child process. Its stdout and stderr go to /dev/null, so a probe never
// mixes lines into pimsim's own output; it writes only its ProbeHeader and its failure to the pipe.
ProbeResult probeInChild(const trace::Trace& trace, const ResolvedDesign& design, MapOptions options, uint64_t batch,
                         uint64_t samples) {
  int fds[2];
  if (pipe(fds) != 0) throw std::runtime_error(std::string("layout probe: pipe: ") + std::strerror(errno));
  std::fflush(nullptr);  // nothing buffered in the parent may be written twice
  const pid_t parent = getpid();
  const pid_t pid = fork();
  if (pid < 0) {
    const int err = errno;
    close(fds[0]);
    close(fds[1]);
    throw std::runtime_error(std::string("layout probe: fork: ") + std::strerror(err));
  }
  if (pid == 0) {
    close(fds[0]);
    prctl(PR_SET_PDEATHSIG, SIGKILL);  // never outlive pimsim (e.g. stopped by --max-seconds) ...
    if (getppid() != parent) _exit(1);  // ... including a pimsim that ended before prctl took effect
    const int null = open("/dev/null", O_WRONLY);
    if (null >= 0) dup2(null, STDOUT_FILENO), dup2(null, STDERR_FILENO);
    std::string why;
    const ProbeHeader h = runProbe(trace, design, options, batch, samples, why);
    bool sent = write(fds[1], &h, sizeof h) == ssize_t(sizeof h);
    if (!why.empty()) sent = write(fds[1], why.data(), why.size()) == ssize_t(why.size()) && sent;
    _exit(sent && h.cycles >= 0 ? 0 : 1);  // no destructors or atexit handlers: the parent owns that state
  }
  close(fds[1]);
  const std::string got = readAll(fds[0]);
  close(fds[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  ProbeResult r;
  r.tried.layout = options.layout;
  ProbeHeader h;
  if (got.size() >= sizeof h) std::memcpy(&h, got.data(), sizeof h);
  r.tried.twin_interval = h.twin_interval;
  r.tried.chip_tiles = int(h.chip_tiles);
  if (h.cycles >= 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0) {
    r.tried.measured_cycles = h.cycles;
    return r;
  }
  std::string& failure = r.tried.failure;
  r.input_error = h.input_error != 0;
  if (got.size() > sizeof h) {
    failure = (h.input_error && h.twin_interval == 0 ? "not mapped: " : "") + got.substr(sizeof h);
    std::replace(failure.begin(), failure.end(), '\n', ' ');  // one line in the report and the summary
  } else if (WIFSIGNALED(status)) {
    failure = "killed by signal " + std::to_string(WTERMSIG(status));
  } else if (WEXITSTATUS(status) == kExitMemoryLimit) {
    failure = "out of memory (--max-memory-mb)";
    r.out_of_memory = true;
  } else {
    failure = "exited with status " + std::to_string(WEXITSTATUS(status));
  }
  return r;
}

}  // namespace

ChipPlan chooseLayoutByMeasurement(const trace::Trace& trace, const ResolvedDesign& design, MapOptions options,
                                   uint64_t batch) {
  // Where no matrix spans tiles there is one layout and nothing to measure: the run is --layout auto's.
  // A trace that fits the design in no layout fails here as it does under --layout auto.
  options.layout = Layout::Auto;
  std::vector<LayoutTried> twin_tried;
  {
    ChipPlan twin = planChip(trace, design, Strategy::Optimized, options);
    if (!anyGroupSpansTiles(twin.mapping)) return twin;
    twin_tried = twin.mapping.layout_choice.tried;
  }  // dropped before the probes fork: each probe holds only its own plan
  LayoutChoice out;
  out.by = "measured";
  out.probe_samples = std::min<uint64_t>(batch, kLayoutProbeSamples);
  bool any_out_of_memory = false, all_input_errors = true;
  // The order the twin tries them in; equal measurements go to the earlier (not the twin's NoC tie-break).
  for (Layout l : {Layout::Columns, Layout::RowsSpread, Layout::ColumnsSpread}) {
    options.layout = l;
    ProbeResult r = probeInChild(trace, design, options, batch, out.probe_samples);
    any_out_of_memory = any_out_of_memory || r.out_of_memory;
    all_input_errors = all_input_errors && r.input_error;
    // A probe that died before it priced its layout (out of memory, a signal) still shows the twin's
    // interval, which the plan above priced on the same chip (not so under tiles: "fit", where each
    // layout is fitted on its own).
    if (r.tried.twin_interval == 0 && !design.design.fit_tiles)
      for (const LayoutTried& t : twin_tried)
        if (t.layout == l) r.tried.twin_interval = t.twin_interval;
    out.tried.push_back(r.tried);
  }
  int best = -1;
  for (size_t i = 0; i < out.tried.size(); ++i)
    if (out.tried[i].measured_cycles >= 0 && (best < 0 || out.tried[i].measured_cycles < out.tried[size_t(best)].measured_cycles))
      best = int(i);
  if (best < 0) {
    // The exit code says what stopped every probe: memory (4) if any ran out, since a larger cap may let
    // it run; the design (2) if each layout was refused as input; otherwise a simulator failure (1).
    std::string why;
    for (const auto& p : out.tried) why += std::string(" ") + layoutName(p.layout) + ": " + p.failure + ";";
    const std::string what = "every layout's probe failed:" + why;
    if (any_out_of_memory) {
      std::fprintf(stderr, "pimsim: --layout measured: %s\n", what.c_str());
      memoryLimitReached();
    }
    if (all_input_errors) throw InputError("--layout measured", "", what);
    throw std::runtime_error("--layout measured: " + what);
  }
  options.layout = out.tried[size_t(best)].layout;
  ChipPlan chosen = planChip(trace, design, Strategy::Optimized, options);
  chosen.mapping.layout_choice = std::move(out);
  return chosen;
}

}  // namespace autorac::sim
