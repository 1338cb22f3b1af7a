#pragma once
// Limits on one pimsim process, so that a search worker's design that is too slow or too large to
// simulate fails cleanly, with a message and an exit code of its own, instead of hanging or swapping
// (docs/reliability.md, "Limits"). Neither writes a report: a run that stops early has no figures.
//   wall clock  --max-seconds S: S seconds after the start (load, mapping, elaboration and simulation
//               together) pimsim says so on stderr and exits with kExitTimeLimit.
//   memory      --max-memory-mb M: the process's address space is capped at M MiB (RLIMIT_AS); an
//               allocation beyond it (or beyond any `ulimit -v`) makes pimsim say so and exit with
//               kExitMemoryLimit rather than abort with an uncaught std::bad_alloc.
#include <cstdint>

namespace autorac::sim {

constexpr int kExitTimeLimit = 3, kExitMemoryLimit = 4;

// Starts a watchdog thread that ends the process at `seconds` from now (<= 0: no limit).
void limitWallClock(double seconds);
// Called once the run's figures are complete: from then on the watchdog never fires, so the report
// is written whole or not at all.
void disarmWallClock();
// Exits with kExitMemoryLimit on any failed allocation from now on; with `megabytes` > 0, also caps
// the address space there. Throws InputError when the cap is below what the process already maps.
void limitMemory(int64_t megabytes);
// Says the memory limit was reached and exits with kExitMemoryLimit, as a failed allocation does (for a
// limit met in a child process, e.g. every --layout measured probe).
[[noreturn]] void memoryLimitReached();
// Whether the process's address space is capped (--max-memory-mb or `ulimit -v`): only then is a failed
// mapping of memory (e.g. a thread's stack) a memory limit rather than another resource running out.
bool addressSpaceCapped();

}  // namespace autorac::sim
