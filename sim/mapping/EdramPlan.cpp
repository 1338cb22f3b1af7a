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

struct TileLoad {
  int64_t fixed_bits = 0;       // tables, and inputs held one sample at a time
  int64_t per_sample_bits = 0;  // buffers as deep as the room allows
  std::string ops;              // for the error message
};

std::map<int, TileLoad> tileLoads(const hw::Design& d, const Mapping& m) {
  const StageCosts cost{d};
  std::map<int, TileLoad> tiles;
  for (const OpPlan& op : m.ops) {
    TileLoad& load = tiles[op.home.value];
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

void planEdram(const trace::Trace& t, const hw::Design& d, Mapping& m) {
  if (auto error = tryPlanEdram(d, m)) throw InputError(t.source, "design field 'edram.bytes'", *error);
}

}  // namespace autorac::sim
