#include "sim/Mapping.h"

#include <algorithm>
#include <map>
#include <set>

#include "hw/AdcTransfer.h"
#include "traces/InputError.h"

namespace autorac::sim {

int64_t Mapping::crossbarsUsed() const {
  int64_t n = 0;
  for (const auto& op : ops) n += int64_t(op.crossbars.size());
  return n;
}

std::vector<hw::CrossbarPlace> Mapping::places() const {
  std::vector<hw::CrossbarPlace> out;
  for (const auto& op : ops)
    for (const auto& x : op.crossbars) out.push_back(x.place);
  return out;
}

int Mapping::pesUsed() const {
  std::set<std::pair<int, int>> pes;
  for (const auto& p : places()) pes.insert({p.tile.value, p.pe.value});
  return int(pes.size());
}

int Mapping::tilesUsed() const {
  std::set<int> tiles;
  for (const auto& p : places()) tiles.insert(p.tile.value);
  return int(tiles.size());
}

namespace {

// Output values are stored at the width their first consumer reads; the model's final outputs leave
// the chip as 32-bit accumulators.
int outputBits(const trace::Trace& t, size_t index) {
  for (size_t j = index + 1; j < t.ops.size(); ++j)
    for (const auto& in : t.ops[j].inputs)
      if (in == t.ops[index].id) return t.ops[j].act_bits;
  return 32;
}

}  // namespace

Mapping mapNaive(const trace::Trace& t, const hw::Design& d) {
  Mapping m;
  std::map<std::string, size_t> index_of;
  int64_t needed_pes = 0, needed_xbars = 0;
  for (size_t i = 0; i < t.ops.size(); ++i) {
    const auto& op = t.ops[i];
    if (op.type != trace::OpType::Fc)
      throw InputError(t.source, "op '" + op.id + "', field 'type'",
                       std::string("op type '") + trace::opTypeName(op.type) +
                           "' is not supported by this version's mapper (fc only; the whole-chip mapper comes next)");
    OpMapping om{i, op.id, hw::MvmGeometry(d, op.in_features, op.out_features, op.weight_bits, op.act_bits),
                 {}, hw::TileId(0), hw::TileId(0), {}, {}, -1, "", op.act_bits, outputBits(t, i), 0,
                 op.activation != trace::Activation::None};
    const std::string& src = op.inputs.at(0);
    if (auto it = index_of.find(src); it != index_of.end()) {
      om.producer = int(it->second);
      m.ops[it->second].consumers.push_back(m.ops.size());
    } else {
      om.graph_input = src;
    }
    const int64_t x = om.geometry.crossbars();
    needed_xbars += x;
    needed_pes += hw::ceilDiv(x, d.pe.crossbars);
    index_of[op.id] = m.ops.size();
    m.ops.push_back(std::move(om));
  }
  const int64_t pes_on_chip = int64_t(d.tiles) * d.tile.pes;
  if (needed_pes > pes_on_chip) {
    throw InputError(t.source, "",
                     "the trace needs " + std::to_string(needed_xbars) + " crossbars (" + std::to_string(needed_pes) +
                         " PEs of " + std::to_string(d.pe.crossbars) + ", each op starting on a fresh PE) but design '" +
                         d.name + "' has " + std::to_string(d.crossbarsPerChip()) + " crossbars (" +
                         std::to_string(pes_on_chip) + " PEs)");
  }

  int64_t next_pe = 0;  // global PE index: tile = next_pe / pes, pe = next_pe % pes
  for (auto& om : m.ops) {
    const auto& g = om.geometry;
    int64_t slot = 0;
    std::set<int> tiles;
    for (int64_t cb = 0; cb < g.colBlocks(); ++cb) {
      for (int64_t rb = 0; rb < g.rowBlocks(); ++rb, ++slot) {
        const int64_t pe_global = next_pe + slot / d.pe.crossbars;
        CrossbarAssignment a;
        a.place = {hw::TileId(int(pe_global / d.tile.pes)), hw::PeId(int(pe_global % d.tile.pes)),
                   hw::CrossbarId(int(slot % d.pe.crossbars))};
        a.row_block = rb;
        a.col_block = cb;
        a.task = {g.inputSlices(), g.rowsUsed(rb), g.colsUsed(cb)};
        // Outputs whose slices touch this column block (a weight's slices may straddle two blocks).
        const int64_t first = cb * g.cols / g.weightSlices();
        const int64_t last = (cb * g.cols + g.colsUsed(cb) - 1) / g.weightSlices();
        a.output_values = last - first + 1;
        tiles.insert(a.place.tile.value);
        om.crossbars.push_back(a);
      }
    }
    next_pe += hw::ceilDiv(slot, d.pe.crossbars);
    for (int tile : tiles) om.tiles.push_back(hw::TileId(tile));
    om.home = om.tiles.front();
    // A partial sum of rows_used products of a w-bit and an a-bit unsigned value.
    om.psum_bits = g.weight_bits + g.act_bits + hw::bitsToHold(g.rowsUsed(0));
    om.input_tile = om.producer >= 0 ? m.ops[size_t(om.producer)].home : om.home;
  }
  return m;
}

}  // namespace autorac::sim
