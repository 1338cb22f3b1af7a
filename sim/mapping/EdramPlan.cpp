#include "sim/mapping/EdramPlan.h"

#include <limits>
#include <map>
#include <optional>
#include <string>

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

struct TileLoad {
  int64_t fixed_bits = 0, per_sample_bits = 0;
  std::string ops;  // for the error message
};

std::map<int, TileLoad> tileLoads(const hw::Design& d, const Mapping& m) {
  const StageCosts cost{d};
  std::map<int, TileLoad> tiles;
  for (const OpPlan& op : m.ops) {
    TileLoad& load = tiles[op.home.value];
    const OpLoad own = opLoad(cost, m, op);
    load.fixed_bits += own.fixed_bits;
    load.per_sample_bits += own.per_sample_bits;
    load.ops += (load.ops.empty() ? "" : ", ") + op.op_id;
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
      return "tile " + std::to_string(tile) + "'s eDRAM holds " + std::to_string(capacity_bits) + " bits, but ops " + load.ops +
             " homed there need " + std::to_string(load.fixed_bits) + " bits of tables and single-sample inputs plus " +
             std::to_string(load.per_sample_bits) + " bits per sample of output, prefetch and input buffers";
    samples[tile] = load.per_sample_bits > 0 ? room / load.per_sample_bits : std::numeric_limits<int64_t>::max();
  }
  for (OpPlan& op : m.ops) op.edram_samples = samples.at(op.home.value);
  return std::nullopt;
}

bool deepenBuffers(const hw::Design& d, Mapping& m, size_t op) {
  const StageCosts cost{d};
  const int home = m.ops[op].home.value;
  int64_t used = 0;
  for (const OpPlan& other : m.ops) {
    if (other.home.value != home) continue;
    const OpLoad load = opLoad(cost, m, other);
    used += load.fixed_bits + (load.per_sample_bits > 0 ? other.edram_samples * load.per_sample_bits : 0);
  }
  const OpLoad own = opLoad(cost, m, m.ops[op]);
  if (own.per_sample_bits <= 0 || used + own.per_sample_bits > int64_t(d.edram.bytes) * 8) return false;
  ++m.ops[op].edram_samples;
  return true;
}

void planEdram(const trace::Trace& t, const hw::Design& d, Mapping& m) {
  if (auto error = tryPlanEdram(d, m)) throw InputError(t.source, "design field 'edram.bytes'", *error);
}

}  // namespace autorac::sim
