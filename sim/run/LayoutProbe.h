#pragma once
// The optimized mapping's layout chosen by measurement (pimsim --layout measured). Where a weight
// matrix spans tiles, the mapper keeps the layout with the shortest analytical interval, but the twin
// is only within about 10 % of the SystemC run and layouts are often closer than that: on
// bench/sim/layout_choice.py's 25 cases it picked a measurably slower layout in 5, up to 1.16x slower
// (docs/mapping.md). This maps the trace each way, simulates each mapping for a short batch, and keeps the fastest.
//
// SystemC elaborates once per process, so each probe runs in a child process (fork) that plans its
// layout, elaborates it, simulates and reports its cycles through a pipe; the caller's process then plans
// and elaborates the chosen one for the real run. A probe that fails (crash, limit, a layout the design
// cannot take) is reported, and the others decide. Under tiles: "fit" each layout is fitted on its own,
// so the probes may run chips of different sizes; the report gives each probe's tile count.
#include <cstdint>
#include <string>
#include <vector>

#include "sim/mapping/ChipFit.h"

namespace autorac::sim {

// Samples each probe simulates (or the run's batch, if smaller). On bench/sim/layout_choice.py's 25
// cases at batch 256, 64-sample probes chose within 0.5 % of the fastest layout, 32-sample ones within
// 6.6 % (docs/mapping.md).
constexpr uint64_t kLayoutProbeSamples = 64;

// Optimized strategy only. Where no matrix spans tiles, returns --layout auto's plan (one layout, nothing
// to choose). Otherwise the chosen plan's mapping.layout_choice holds every probe's figures. Throws
// InputError as planChip does; when every probe failed, exits 4 if any ran out of memory, else throws
// InputError if the design refused every layout, else std::runtime_error (with their reasons).
ChipPlan chooseLayoutByMeasurement(const trace::Trace& trace, const ResolvedDesign& design, MapOptions options,
                                     uint64_t batch);

}  // namespace autorac::sim
