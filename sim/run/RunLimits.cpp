#include "sim/run/RunLimits.h"

#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <new>
#include <string>
#include <thread>

#include "traces/InputError.h"

namespace autorac::sim {
namespace {

std::mutex watchdog_mutex;
bool disarmed = false;
int64_t memory_limit_mb = 0;

// The process's mapped address space now (VmSize), in MiB.
int64_t mappedMegabytes() {
  std::ifstream status("/proc/self/status");
  std::string key;
  int64_t kb = 0;
  while (status >> key) {
    if (key == "VmSize:" && status >> kb) return kb / 1024;
    status.ignore(1 << 12, '\n');
  }
  return 0;
}

// Runs in the allocating thread when operator new finds no memory: nothing can be trusted to allocate
// any more, so it writes a fixed message and ends the process without unwinding.
[[noreturn]] void outOfMemory() {
  char msg[200];
  if (memory_limit_mb > 0)
    std::snprintf(msg, sizeof msg, "pimsim: memory limit: --max-memory-mb %lld reached; no report written\n",
                  (long long)memory_limit_mb);
  else
    std::snprintf(msg, sizeof msg, "pimsim: out of memory (address space exhausted); no report written\n");
  std::fputs(msg, stderr);
  std::fflush(stderr);
  std::_Exit(kExitMemoryLimit);
}

}  // namespace

void memoryLimitReached() { outOfMemory(); }

bool addressSpaceCapped() {
  rlimit now{};
  return getrlimit(RLIMIT_AS, &now) == 0 && now.rlim_cur != RLIM_INFINITY;
}

void limitWallClock(double seconds) {
  if (seconds <= 0) return;
  std::thread([seconds] {
    std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
    std::lock_guard<std::mutex> lock(watchdog_mutex);  // held until exit: disarm cannot slip in between
    if (disarmed) return;
    std::fprintf(stderr, "pimsim: time limit: --max-seconds %g reached; no report written\n", seconds);
    std::fflush(stderr);
    std::_Exit(kExitTimeLimit);
  }).detach();
}

void disarmWallClock() {
  std::lock_guard<std::mutex> lock(watchdog_mutex);
  disarmed = true;
}

void limitMemory(int64_t megabytes) {
  std::set_new_handler(outOfMemory);
  if (megabytes <= 0) return;
  const int64_t mapped = mappedMegabytes();
  if (megabytes <= mapped)
    throw InputError("--max-memory-mb", "", std::to_string(megabytes) + " MiB is not above what pimsim maps before it starts (" +
                                                std::to_string(mapped) + " MiB)");
  rlimit cap{};
  cap.rlim_cur = cap.rlim_max = rlim_t(megabytes) << 20;
  rlimit now{};
  getrlimit(RLIMIT_AS, &now);
  if (now.rlim_max != RLIM_INFINITY && cap.rlim_max > now.rlim_max) cap.rlim_max = now.rlim_max;
  if (cap.rlim_cur > cap.rlim_max) cap.rlim_cur = cap.rlim_max;
  if (setrlimit(RLIMIT_AS, &cap) != 0) throw InputError("--max-memory-mb", "", "the address-space limit cannot be set");
  memory_limit_mb = megabytes;
}

}  // namespace autorac::sim
