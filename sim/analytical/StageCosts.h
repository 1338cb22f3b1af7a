#pragma once
// The contention-free cycles and events of each step an op takes (HARDWARE.md §2–§4): the one set of
// formulas the analytical model, the mapper's choices and the tests share. The SystemC model times the
// same steps event by event; where nothing is shared, they agree.
#include <cstdint>
#include <vector>

#include "hw/Design.h"
#include "hw/EventCounts.h"
#include "hw/Ids.h"
#include "hw/MvmGeometry.h"
#include "sim/mapping/Mapping.h"
#include "sim/analytical/Steps.h"

namespace autorac::sim {

using hw::conversionCycles;  // T_conv, shared with the SystemC crossbar (hw/MvmGeometry.h)
// HARDWARE.md §2: t_read + (S − 1) · max(t_read, T_conv) + T_conv + t_sa. `adc_cycles` is what each
// input slice's conversions take at the crossbar's ADC group when it takes turns there with others
// (adcCyclesPerSlice; 0: its own T_conv, alone): the crossbar then finishes
// t_read + (S − 1) · max(t_read, adc_cycles) + adc_cycles + t_sa.
int64_t crossbarLatency(const hw::Design& d, const hw::CrossbarTask& task, int64_t adc_cycles = 0);
// Cycles a crossbar needs per input vector in steady state: S · max(t_read, adc_cycles).
int64_t crossbarInterval(const hw::Design& d, const hw::CrossbarTask& task, int64_t adc_cycles = 0);
// The same with the input register's depth: when it holds two vectors, the next one comes in during
// the reads, so the period is the longer of the reads and the dispatcher's whole sweep (`dispatch`
// cycles); when it holds one, the next vector's trip to the crossbar's own tile (`trip` cycles)
// cannot overlap the reads, while the trips to the group's other tiles do.
int64_t crossbarPeriod(const hw::Design& d, const hw::CrossbarTask& task, int act_bits, int64_t dispatch,
                       int64_t trip, int64_t adc_cycles = 0);
// Per crossbar of a group, the cycles one input slice's conversions take when all the group's
// crossbars work at once: the sum of T_conv over the crossbars sharing its ADC group
// (adc.crossbars_per_group; the group converts one crossbar's columns at a time, so a 128-column
// crossbar beside a 256-column one waits 512 + 256 cycles per slice at 2 cycles a column, not 2 × 512),
// or, if longer, what its PE's S+A units take for the group's crossbars there: they serve c
// conversions at once (c = shift_add.units · t_adc / adcs_per_group slots, hw/CrossbarUnit), each
// for its own crossbar's T_conv, so no fewer cycles than the PE's T_conv summed over c, nor than its
// turns at the shortest T_conv (with c = 1, a 128- and a 64-column crossbar take 8 + 4 cycles a
// slice at one column a cycle per ADC and 16 ADCs, not 2 × 8). The turns are whole per vector, not
// per slice (a slice's left-over conversions share a turn with the next slice's), so this is a
// vector's turns spread over its input slices.
// With `group_conv`, also each crossbar's ADC group's own part of that: its crossbars' T_conv summed.
std::vector<int64_t> adcCyclesPerSlice(const hw::Design& d, const CrossbarGroup& g,
                                       std::vector<int64_t>* group_conv = nullptr);
// The chip's peak in operations per second (2 per MAC): every crossbar busy back to back with
// `weight_bits`-bit weights and `act_bits`-bit inputs (ISAAC's convention: 16 and 16; isaac gives
// 41.3 TOPS). Narrower operands need fewer cells a weight and fewer input slices: a higher peak.
double peakOpsPerSecond(const hw::Design& d, int weight_bits, int act_bits);
// The roofline's memory roof (Williams, Waterman and Patterson, CACM 2009) with the off-chip port as the
// memory: a run that moves `offchip_bits_per_sample` through the port (graph inputs, rows gathered from
// off-chip DRAM, graph outputs) for `ops_per_sample` operations cannot exceed this many operations per
// second, whatever the mapping, at offchip.bits_per_cycle. Infinite when nothing crosses the port.
double offchipRoofOpsPerSecond(const hw::Design& d, double ops_per_sample, double offchip_bits_per_sample);
// The output register (HARDWARE.md §4): a PE's register holds the results of
// MvmGeometry::outputRegisterVectors crossbars at once, each from the start of its last conversion
// until its drain is on the tile bus (`hold`: T_conv + t_sa + the drain's bus cycles). When a group's
// crossbars of one PE finish together, the others wait their turn (the twin takes them in index
// order; hw/CrossbarUnit serves them as they ask): crossbar i finishes `wait` cycles later than it
// would with room (less what taking turns at a shared ADC group already costs it), and its PE
// cannot take a vector from it faster than every `period` cycles.
struct OutputRegisterTurn {
  int64_t wait = 0, period = 0;
};
std::vector<OutputRegisterTurn> outputRegisterTurns(const hw::Design& d, const CrossbarGroup& g,
                                                    const std::vector<int64_t>& adc_cycles);
// How many ADC groups of one PE the S+A units let convert at the same time.
int64_t concurrentGroupsPerPe(const hw::Design& d);

struct StageCosts {
  const hw::Design& d;
  // A step of sim/analytical/Steps.h with every unit free: its cycles, and its events (the interconnect's
  // included). The SystemC run counts a step's events with countEvents too, except a transfer's,
  // which the interconnect counts as its flits move.
  int64_t cycles(const Step& s) const;
  void countEvents(const Step& s, hw::EventCounts& c) const;
  // The cycles of a recipe's steps one after another: cyclesOf([&](auto&& step) { recipe::...(…, step); }).
  template <class Recipe>
  int64_t cyclesOf(Recipe&& recipe) const {
    int64_t total = 0;
    recipe([&](const Step& s) { total += cycles(s); });
    return total;
  }
  int64_t edram(int64_t bits) const;         // port busy for `bits` in width_bits accesses
  int64_t edramAccesses(int64_t bits) const;
  int64_t bus(int64_t bits) const;
  int64_t busBeats(int64_t bits) const;
  int64_t link(hw::TileId from, hw::TileId to, int64_t bits) const;  // interconnect, idle
  int64_t offchip(int64_t bits) const;       // one request: serialisation + latency
  int64_t offchipBusy(int64_t bits) const;
  int64_t vector(int64_t ops) const;         // vector unit
  // Register accesses of one input vector at one crossbar (sim/run/MvmStage counts them as they happen,
  // the analytical model per vector): its share of the input register is written with its row
  // block's inputs and read once; its partial sums (`psum_bits`) are written into the output
  // register by the S+A and read once by the drain.
  int64_t inputRegisterAccesses(const hw::CrossbarTask& task, int act_bits) const;
  int64_t outputRegisterAccesses(int64_t psum_bits) const;
  // Samples a loader of one of `op`'s graph inputs, or `op`'s gather, may fetch ahead:
  // offchip.prefetch_samples, at most what the home tile's eDRAM leaves it (OpPlan::edram_samples).
  int64_t prefetchDepth(const OpPlan& op) const;
  // Samples `op`'s output buffer holds: edram.op_buffer_samples, at most OpPlan::edram_samples.
  int64_t outputBufferDepth(const OpPlan& op) const;
  // Samples of partial sums each copy of a pipelined op keeps awaiting reduction at its reducers:
  // edram.op_buffer_samples, at most what their tiles' eDRAM plan leaves (OpPlan::psum_edram_samples).
  int64_t partialSumSamples(const OpPlan& op) const;
  // Samples a pipelined op's dispatcher may run ahead of its reduction: partialSumSamples for each
  // copy (HARDWARE.md §4: a full buffer stalls its producer).
  int64_t partialSumDepth(const OpPlan& op) const;
  // Steady-state cycles per sample of a prefetching fetch for `op` of `requests` reads of `bits` in
  // all that lands in eDRAM: the port's serialisation, the landing, or the whole trip shared by the
  // samples in flight, whichever is longest.
  int64_t prefetchInterval(const OpPlan& op, int64_t requests, int64_t bits) const;
  // An op whose rows come from off-chip DRAM fetches them ahead (sim/run/OpRunner's fetch process).
  bool prefetchesGather(const OpPlan& op) const { return op.gather_bits > 0 && !op.table_on_chip; }
  // The off-chip part of such a gather: the port for every row, then one latency.
  int64_t offchipGather(const OpPlan& op) const;
  int64_t writeRows(int64_t rows) const;     // ReRAM rows written one after another

  // A gather of `requests` rows of `bits` in all: from off-chip DRAM (requests pipelined: the port
  // is busy for every row, the latency is paid once) or from the home tile's eDRAM.
  int64_t gather(const OpPlan& op) const;
  // Dynamic MVM on the vector unit: one lane operation per multiply-accumulate.
  int64_t vectorMvm(const MvmWork& m) const { return vector(m.macs()); }
  // One input vector's trip to a group's crossbars (recipe::groupDispatch).
  int64_t dispatch(const CrossbarGroup& g, hw::TileId source, int act_bits) const;
  // `vectors` vectors through a crossbar group (dispatch, crossbars, drains to the reducers), not
  // reduced. `sharing`: how many replicas one dispatcher feeds in turn (its dispatches interleave).
  int64_t groupMvm(const CrossbarGroup& g, hw::TileId source, int64_t vectors, int act_bits,
                   int64_t sharing = 1) const;
  // Reducing `vectors` vectors' partial sums on the group's reducers at once, each sending its results
  // to `home`.
  int64_t reduction(const CrossbarGroup& g, hw::TileId home, int64_t vectors) const;
  // Writing one dynamic operand into a group's crossbars: dispatch of its values, then row writes.
  int64_t groupWrite(const CrossbarGroup& g, hw::TileId home) const;
  // A dynamic MVM on runtime-written crossbars, all matrices of one sample, reductions included.
  int64_t runtimeMvm(const MvmWork& m, const CrossbarGroup& g, hw::TileId home) const;
};

}  // namespace autorac::sim
