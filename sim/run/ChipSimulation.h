#pragma once
// Elaborates the chip for a mapping, streams a batch through it on the SystemC kernel, and returns
// what was measured. SystemC elaborates once per process: call this at most once per process.
#include <cstdint>
#include <string>

#include "hw/BlockModels.h"
#include "hw/Design.h"
#include "hw/ShiftAddModel.h"
#include "sim/analytical/AnalyticalModel.h"
#include "sim/mapping/Mapping.h"
#include "sim/report/FunctionalCheck.h"
#include "sim/report/Measurement.h"

namespace autorac::sim {

// SystemC keeps time as 64-bit femtoseconds (hw/Clock.h): 2^64 fs, about 5.1 simulated hours, after
// which time silently wraps around. Throws InputError, naming clock_ghz and the batch, when a run's
// contention-free estimate passes half of that range, leaving the other half for contention (the
// estimate tracks a run closely, e.g. deepfm at a 1,048,576-cycle ADC: simulated 0.94 of it; contention
// lengthens a run, and nothing measured so far runs at half its estimate). Call before simulateChip.
void checkSimulatedTimeFits(const hw::Design& design, int64_t estimated_cycles, uint64_t batch);

// The SystemC run spawns three threads per used crossbar, two memory maps each (kSimulatableCrossbars).
// Throws InputError, naming the crossbars and the kernel's vm.max_map_count, when the mapping would
// need more maps than the kernel allows (else the run would fail part-way with an allocation error).
void checkProcessMapsFit(const Mapping& mapping);

// The checks a run passes before it elaborates, the same for pimsim's run and its layout probes: the
// analytical model says how long the whole batch will be, and SystemC's time must hold that
// (checkSimulatedTimeFits) and the kernel the threads' maps (checkProcessMapsFit). Returns that
// estimate (with counts: the report's). Throws InputError.
Estimate estimateAndCheckRunFits(const hw::Design& design, const Mapping& mapping, uint64_t batch);

// A run that broke TLM-2.0's base protocol is a simulator bug: throws std::logic_error with the first
// violations. Call on every Measurement before its figures are used.
void checkTlmProtocol(const Measurement& measured);

// `progress`: print samples done, simulated cycles and speed to stderr about twice a second.
// `blocks`: verilated blocks in place of their C++ models (pimsim --rtl; the figures do not change).
// `functional` (pimsim --functional: sim::functionalOps, outliving the call): the crossbars compute
// these ops' values as the run goes, each crossbar's conversions through the chip's S+A unit
// (hw/ShiftAddUnit.h), and the run's transfers carry them (sim/run/OpValues.h, StageValues.h); the
// results are Measurement::functional. The values take no simulated time: the timing figures are
// those of a run without them. What their arithmetic throws is rethrown once the run has stopped.
Measurement simulateChip(const hw::Design& design, const Mapping& mapping, uint64_t batch,
                         const std::string& vcd_path = "", bool progress = false, const hw::BlockModels& blocks = {},
                         const std::vector<FunctionalOp>* functional = nullptr);

}  // namespace autorac::sim
