#pragma once
// The steps an op's work takes on the chip's shared units, each recipe written once and in the order
// the SystemC run takes them. The SystemC run executes them (sim/run/StepRunner: a step holds its unit
// for its cycles and counts its events); the analytical model prices the same steps
// (StageCosts::cycles and countEvents, the per-unit loads in sim/analytical/AnalyticalModel). A recipe calls
// `step(const Step&)` once per step.
//
// What is not a step here: the crossbars' own work (hw/CrossbarUnit, hw/CrossbarEvents.h), the
// input and output registers (StageCosts::inputRegisterAccesses / outputRegisterAccesses) and the
// off-chip port, whose requests overlap (sim/run/InputLoader, OpRunner::fetchLoop, a graph output's
// posted write, whose latency overlaps; its time at the port is on its collector's path).
#include <cstddef>
#include <cstdint>

#include "hw/Ids.h"
#include "sim/mapping/Mapping.h"
#include "sim/mapping/OpWork.h"

namespace autorac::sim {

struct Step {
  enum class Unit { Edram, Bus, VectorUnit, Interconnect };
  Unit unit;
  hw::TileId at;   // the unit's tile; for the interconnect, the source tile
  hw::TileId to;   // the interconnect's destination tile (unused otherwise)
  int64_t amount;  // bits (eDRAM, bus, interconnect) or lane operations (vector unit)

  static Step edram(hw::TileId tile, int64_t bits) { return {Unit::Edram, tile, tile, bits}; }
  static Step bus(hw::TileId tile, int64_t bits) { return {Unit::Bus, tile, tile, bits}; }
  static Step vectorUnit(hw::TileId tile, int64_t ops) { return {Unit::VectorUnit, tile, tile, ops}; }
  static Step transfer(hw::TileId from, hw::TileId to, int64_t bits) { return {Unit::Interconnect, from, to, bits}; }
};

namespace recipe {

// A graph input of `bits` per sample, arrived from off chip, landing in the eDRAM of tile `into`.
template <class F>
void inputLanding(hw::TileId into, int64_t bits, F&& step) {
  step(Step::edram(into, bits));
}

// Input k of a sample of `op`, produced by another op, moving to the op's home tile's eDRAM. Nothing
// for a graph input (its loader put it there) or for a pipelined MVM (its dispatch reads the input
// where the producer left it).
template <class F>
void moveInput(const Mapping& m, const OpPlan& op, size_t k, F&& step) {
  if (op.producers[k] < 0 || op.pipelinedMvm()) return;
  const int64_t bits = op.input_bits[k];
  step(Step::transfer(m.ops[size_t(op.producers[k])].home, op.home, bits));
  step(Step::edram(op.home, bits));
}

// The rows a sample of `op` gathers (from off-chip DRAM or the home tile's own table) landing in the
// home tile's eDRAM.
template <class F>
void gatherLanding(const OpPlan& op, F&& step) {
  if (op.gather_bits > 0) step(Step::edram(op.home, op.gather_bits));
}

// What a sample of `op` does before its MVMs: every input moved home, then its gathered rows landed.
template <class F>
void sampleInputs(const Mapping& m, const OpPlan& op, F&& step) {
  for (size_t k = 0; k < op.producers.size(); ++k) moveInput(m, op, k, step);
  gatherLanding(op, step);
}

// What a sample of `op` does after its MVMs: its vector work on the home tile's vector unit, then
// its output written to the home tile's eDRAM (a graph output then leaves through the off-chip port).
// An op with no vector work (a concat) takes no vector-unit step: queueing an empty job behind
// another op's dot products made it wait for nothing (~84 cycles a sample on neurosim22's optimized
// DLRM at batch 256).
template <class F>
void sampleOutput(const OpPlan& op, F&& step) {
  if (op.vector_ops > 0) step(Step::vectorUnit(op.home, op.vector_ops));
  step(Step::edram(op.home, op.output_bits));
}

// One input vector (or dynamic operand) of `bits` on its way from `source` to tile `t` of a crossbar
// group: read from the source's eDRAM, over the interconnect, over the tile's bus.
template <class F>
void vectorTrip(hw::TileId source, hw::TileId t, int64_t bits, F&& step) {
  step(Step::edram(source, bits));
  step(Step::transfer(source, t, bits));
  step(Step::bus(t, bits));
}

// A relayed dispatch's first leg (OpPlan::relay_dispatch): one whole input vector of `bits` from
// `source` to the copy's first tile `relay`, read from the source's eDRAM, over the interconnect, into
// the relay's eDRAM, from where the copy's tiles are then sent their rows (groupDispatch from `relay`).
template <class F>
void relayTrip(hw::TileId source, hw::TileId relay, int64_t bits, F&& step) {
  step(Step::edram(source, bits));
  step(Step::transfer(source, relay, bits));
  step(Step::edram(relay, bits));
}

// One input vector of `act_bits` values from `source` to a group: each of its tiles receives the rows
// its crossbars hold.
template <class F>
void groupDispatch(const CrossbarGroup& g, hw::TileId source, int act_bits, F&& step) {
  for (hw::TileId t : g.tiles) vectorTrip(source, t, g.vectorBits(t, act_bits), step);
}

// One dynamic operand (the whole matrix) from `source` to every tile of a group.
template <class F>
void operandDispatch(const CrossbarGroup& g, hw::TileId source, F&& step) {
  for (hw::TileId t : g.tiles) vectorTrip(source, t, g.operandBits(), step);
}

// One input vector's partial sums leaving crossbar `x` of group `g`: over its tile's bus, then over
// the interconnect to its column block's reducer.
template <class F>
void drain(const CrossbarGroup& g, const CrossbarAssignment& x, F&& step) {
  const int64_t bits = g.drainBits(x);
  step(Step::bus(x.place.tile, bits));
  step(Step::transfer(x.place.tile, g.reducerOf(x), bits));
}

// `vectors` vectors' partial sums reduced by reducer `r` of group `g`, the results sent to `op_home`.
template <class F>
void reducerWork(const CrossbarGroup& g, const CrossbarGroup::Reducer& r, hw::TileId op_home, int64_t vectors, F&& step) {
  step(Step::vectorUnit(r.tile, reductionOps(g.geometry, r.outputs, r.input_sum, vectors)));
  step(Step::transfer(r.tile, op_home, g.resultBits(r, vectors)));
}

// Every reducer's work (they run at the same time, each on its own tile: sim/run/MvmStage::reduce,
// StageCosts::reduction; listed here one after another for counting events and loads).
template <class F>
void reduction(const CrossbarGroup& g, hw::TileId op_home, int64_t vectors, F&& step) {
  for (const auto& r : g.reducers) reducerWork(g, r, op_home, vectors, step);
}

// A dynamic-MVM engine on the vector unit: one lane operation per multiply-accumulate, at home.
template <class F>
void vectorMvm(const OpPlan& op, const MvmWork& w, F&& step) {
  step(Step::vectorUnit(op.home, w.macs()));
}

}  // namespace recipe
}  // namespace autorac::sim
