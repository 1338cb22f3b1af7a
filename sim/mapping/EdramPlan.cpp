#include "sim/mapping/EdramPlan.h"

#include <algorithm>
#include <limits>
#include <map>
#include <optional>
#include <string>

#include "sim/analytical/AnalyticalModel.h"
#include "sim/analytical/StageCosts.h"
#include "sim/analytical/Steps.h"
#include "traces/InputError.h"

namespace autorac::sim {
namespace {

// What one op keeps in its home tile's eDRAM.
struct OpLoad {
  int64_t fixed_bits = 0;       // its table, and inputs held one sample at a time
  int64_t per_sample_bits = 0;  // its buffers as deep as the room allows
};

OpLoad opLoad(const StageCosts& cost, const Mapping& m, const OpPlan& op) {
  OpLoad load;
  if (op.table_on_chip) load.fixed_bits += op.table_bytes * 8;
  load.per_sample_bits += op.output_bits;
  // An input moved home lands in this eDRAM for the sample being worked on (the recipe's eDRAM step).
  const auto landsHome = [&](const Step& s) {
    if (s.unit == Step::Unit::Edram) load.fixed_bits += s.amount;
  };
  for (size_t k = 0; k < op.producers.size(); ++k) {
    if (op.producers[k] < 0)
      load.per_sample_bits += op.input_bits[k];  // its loader prefetches into this eDRAM
    else
      recipe::moveInput(m, op, k, landsHome);
  }
  if (op.gather_bits > 0) (cost.prefetchesGather(op) ? load.per_sample_bits : load.fixed_bits) += op.gather_bits;
  return load;
}

// Partial sums awaiting their reduction, where they land: each crossbar drains its partial sums to its
// column block's reducer (recipe::drain), which keeps a running sum per output until the sample's
// reduction is done (recipe::reducerWork). Keeping every row block's partial sums apart instead would
// leave no layer with more than an eDRAM's worth of them mappable (a 4,096 x 6,144 fc of 16-bit values
// reduced on one isaac tile needs 7.9 Mbit a sample that way, 276 kbit as running sums, against 512 kbit).
struct PartialSums {
  std::map<int, int64_t> per_sample_bits;  // a pipelined op: per sample in flight, partialSumSamples deep
  std::map<int, int64_t> fixed_bits;       // otherwise: the sample being worked on, its largest MVM's
};

PartialSums partialSums(const OpPlan& op) {
  PartialSums p;
  if (op.pipelinedMvm()) {
    // Every copy takes whole samples (sim/run/OpRunner::dispatchLoop).
    for (const CrossbarGroup& g : op.groups[0])
      for (const auto& r : g.reducers) p.per_sample_bits[r.tile.value] += g.accumulatorBits(r, op.mvms[0].vectors);
    return p;
  }
  // One matrix at a time: its vectors split over the copies, reduced before the next matrix
  // (sim/run/OpRunner::sequentialLoop).
  for (size_t k = 0; k < op.mvms.size() && k < op.groups.size(); ++k) {
    if (op.groups[k].empty()) continue;  // on the vector unit: no partial sums
    const std::vector<int64_t> share = vectorShares(op.mvms[k].vectors, op.groups[k].size());
    std::map<int, int64_t> bits;
    for (size_t c = 0; c < op.groups[k].size(); ++c)
      for (const auto& r : op.groups[k][c].reducers) bits[r.tile.value] += op.groups[k][c].accumulatorBits(r, share[c]);
    for (const auto& [tile, b] : bits) p.fixed_bits[tile] = std::max(p.fixed_bits[tile], b);
  }
  return p;
}

// A relayed op's inputs at its copies' first tiles (OpPlan::relay_dispatch): each holds the sample it
// sends the copy's tiles and the next one, whole (sim/run/OpRunner::dispatchLoop waits for that room).
std::map<int, int64_t> relayedInputs(const Mapping& m, const OpPlan& op) {
  std::map<int, int64_t> bits;
  if (!op.relay_dispatch) return bits;
  const MvmWork& w = op.mvms[0];
  for (size_t r = 0; r < op.groups[0].size(); ++r)
    if (const auto relay = relayOf(m, op, r)) bits[relay->value] += 2 * w.vectors * op.groups[0][r].inputBits(w.act_bits);
  return bits;
}

struct TileLoad {
  int64_t fixed_bits = 0, per_sample_bits = 0;
  std::string held;  // what is kept there, for the error message
  void add(int64_t fixed, int64_t per_sample, const std::string& what) {
    fixed_bits += fixed;
    per_sample_bits += per_sample;
    held += (held.empty() ? "" : ", ") + what;
  }
};

std::map<int, TileLoad> tileLoads(const hw::Design& d, const Mapping& m) {
  const StageCosts cost{d};
  std::map<int, TileLoad> tiles;
  for (const OpPlan& op : m.ops) {
    const OpLoad own = opLoad(cost, m, op);
    tiles[op.home.value].add(own.fixed_bits, own.per_sample_bits, op.op_id);
    const PartialSums sums = partialSums(op);
    for (const auto& [tile, bits] : sums.fixed_bits) tiles[tile].add(bits, 0, op.op_id + "'s partial sums");
    for (const auto& [tile, bits] : sums.per_sample_bits) tiles[tile].add(0, bits, op.op_id + "'s partial sums");
    for (const auto& [tile, bits] : relayedInputs(m, op)) tiles[tile].add(bits, 0, op.op_id + "'s relayed inputs");
  }
  return tiles;
}

}  // namespace

std::optional<std::string> tryPlanEdram(const hw::Design& d, Mapping& m) {
  const std::map<int, TileLoad> tiles = tileLoads(d, m);
  const int64_t capacity_bits = int64_t(d.edram.bytes) * 8;
  std::map<int, int64_t> samples;
  for (const auto& [tile, load] : tiles) {
    const int64_t room = capacity_bits - load.fixed_bits;
    if (room < load.per_sample_bits)
      return "tile " + std::to_string(tile) + "'s eDRAM holds " + std::to_string(capacity_bits) + " bits, but what is kept there (" +
             load.held + ") needs " + std::to_string(load.fixed_bits) + " bits of tables, single-sample inputs and partial sums plus " +
             std::to_string(load.per_sample_bits) + " bits per sample of output, prefetch, input and partial-sum buffers";
    samples[tile] = load.per_sample_bits > 0 ? room / load.per_sample_bits : std::numeric_limits<int64_t>::max();
  }
  for (OpPlan& op : m.ops) {
    op.edram_samples = samples.at(op.home.value);
    op.psum_edram_samples = std::numeric_limits<int64_t>::max();
    for (const auto& [tile, bits] : partialSums(op).per_sample_bits) op.psum_edram_samples = std::min(op.psum_edram_samples, samples.at(tile));
  }
  return std::nullopt;
}

namespace {

// Bits each tile's eDRAM holds at the depths planned so far. One pass over the ops, each op's partial
// sums worked out once, for all tiles: deepenBuffers asks this in the mapper's loop-deepening rounds.
std::map<int, int64_t> usedBits(const StageCosts& cost, const Mapping& m) {
  std::map<int, int64_t> used;
  for (const OpPlan& op : m.ops) {
    const PartialSums sums = partialSums(op);
    for (const auto& [tile, bits] : sums.fixed_bits) used[tile] += bits;
    for (const auto& [tile, bits] : sums.per_sample_bits) used[tile] += cost.partialSumSamples(op) * bits;
    for (const auto& [tile, bits] : relayedInputs(m, op)) used[tile] += bits;
    const OpLoad load = opLoad(cost, m, op);
    used[op.home.value] += load.fixed_bits + (load.per_sample_bits > 0 ? op.edram_samples * load.per_sample_bits : 0);
  }
  return used;
}

}  // namespace

bool deepenBuffers(const hw::Design& d, Mapping& m, size_t op) {
  const StageCosts cost{d};
  OpPlan& p = m.ops[op];
  // One more sample of each deep buffer, tile by tile: its own at home, its partial sums (while they
  // are shallower than edram.op_buffer_samples) at their reducers.
  std::map<int, int64_t> more;
  const OpLoad own = opLoad(cost, m, p);
  if (own.per_sample_bits > 0) more[p.home.value] += own.per_sample_bits;
  const bool deeper_sums = cost.partialSumSamples(p) < d.edram.op_buffer_samples;
  const PartialSums sums = partialSums(p);
  if (deeper_sums)
    for (const auto& [tile, bits] : sums.per_sample_bits) more[tile] += bits;
  if (more.empty()) return false;
  const std::map<int, int64_t> used = usedBits(cost, m);
  for (const auto& [tile, bits] : more) {
    const auto it = used.find(tile);
    if ((it == used.end() ? 0 : it->second) + bits > int64_t(d.edram.bytes) * 8) return false;
  }
  if (own.per_sample_bits > 0) ++p.edram_samples;
  if (deeper_sums && !sums.per_sample_bits.empty()) p.psum_edram_samples = cost.partialSumSamples(p) + 1;
  return true;
}

void planEdram(const trace::Trace& t, const hw::Design& d, Mapping& m) {
  if (auto error = tryPlanEdram(d, m)) throw InputError(t.source, "design field 'edram.bytes'", *error);
}

}  // namespace autorac::sim
