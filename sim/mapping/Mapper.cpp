// The two mapping strategies (docs/mapping.md):
//  naive      ops in trace order onto consecutive PEs and tiles, no replication, weight slices laid out
//             at the widest precision whatever the op's, every dynamic op on the vector unit, every
//             embedding table in off-chip DRAM;
//  optimized  precision-aware slices, the cheaper engine per dynamic op (from sim/analytical/StageCosts), tables
//             in eDRAM where they fit, placement near the producer, and replication of the bottleneck
//             MVM ops while the chip has crossbars to spare.
#include <algorithm>
#include <cmath>
#include <exception>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "hw/AdcTransfer.h"
#include "sim/analytical/AnalyticalModel.h"
#include "sim/analytical/BufferLoops.h"
#include "sim/mapping/Mapping.h"
#include "sim/mapping/OpWork.h"
#include "sim/mapping/PeAllocator.h"
#include "sim/analytical/StageCosts.h"
#include "sim/mapping/EdramPlan.h"
#include "sim/mapping/HomeSpreading.h"
#include "traces/InputError.h"

namespace autorac::sim {
namespace {

using Pes = std::vector<std::pair<hw::TileId, hw::PeId>>;

// The batch the optimized mapping's choices are priced at: replication and layout pay in steady state.
constexpr uint64_t kSteadyStateBatch = 1024;

int64_t pesFor(const hw::Design& d, const MvmWork& m) {
  return hw::ceilDiv(geometryOf(d, m).crossbars(), d.pe.crossbars);
}

// Lays one matrix's crossbars onto `pes` in order: column block by column block, row blocks within;
// except that with `rows_across_tiles` a matrix that spans several tiles goes row block by row block,
// column blocks within, so that each tile receives only its rows of every input vector
// (recipe::groupDispatch) instead of the whole vector. Partial sums are reduced on the group's first
// tile, or with `spread_reduction` each column block's on the tile of its crossbar in row block
// (column block mod row blocks): on the tile holding the column where it is whole, spread over the
// tiles where rows go across them, instead of every crossbar's partial sums leaving through one
// ejection port.
CrossbarGroup buildGroup(const hw::Design& d, const MvmWork& m, const Pes& pes, bool rows_across_tiles,
                         bool spread_reduction) {
  CrossbarGroup g{geometryOf(d, m), {}, {}, {}, pes.at(0).first, 0, 0, {}, {}};
  const auto& geo = g.geometry;
  int64_t slot = 0;
  std::map<int, std::set<int64_t>> tiles;  // tile -> the row blocks its crossbars hold
  const auto pes_used = long(hw::ceilDiv(geo.crossbars(), d.pe.crossbars));
  const bool spans_tiles =
      std::any_of(pes.begin(), pes.begin() + pes_used, [&](const auto& p) { return p.first != pes.front().first; });
  const bool rows_outer = rows_across_tiles && spans_tiles;
  const int64_t outer_n = rows_outer ? geo.rowBlocks() : geo.colBlocks();
  const int64_t inner_n = rows_outer ? geo.colBlocks() : geo.rowBlocks();
  for (int64_t outer = 0; outer < outer_n; ++outer) {
    for (int64_t inner = 0; inner < inner_n; ++inner, ++slot) {
      const int64_t rb = rows_outer ? outer : inner, cb = rows_outer ? inner : outer;
      const auto& [tile, pe] = pes.at(size_t(slot / d.pe.crossbars));
      CrossbarAssignment a;
      a.place = {tile, pe, hw::CrossbarId(int(slot % d.pe.crossbars))};
      a.row_block = rb;
      a.col_block = cb;
      a.task = {geo.inputSlices(), geo.rowsUsed(rb), geo.colsUsed(cb)};
      // Outputs whose slices touch this column block (a weight's slices may straddle two blocks).
      a.output_values = geo.lastOutput(cb) - geo.firstOutput(cb) + 1;
      tiles[tile.value].insert(rb);
      g.crossbars.push_back(a);
    }
  }
  for (const auto& [t, row_blocks] : tiles) {
    g.tiles.push_back(hw::TileId(t));
    int64_t rows = 0;
    for (int64_t rb : row_blocks) rows += geo.rowsUsed(rb);
    g.tile_rows.push_back(rows);
  }
  // A partial sum of rows_used products of a stored_bits and an act_bits unsigned value.
  g.psum_bits = geo.weight_bits + geo.act_bits + hw::bitsToHold(geo.rowsUsed(0));
  g.result_bits = m.result_bits > 0 ? m.result_bits : m.act_bits;
  for (auto& x : g.crossbars) x.task.output_bits = x.output_values * g.psum_bits;
  g.col_block_reducer.assign(size_t(geo.colBlocks()), g.home);
  if (spread_reduction) {
    for (const auto& x : g.crossbars)
      if (x.row_block == x.col_block % geo.rowBlocks()) g.col_block_reducer[size_t(x.col_block)] = x.place.tile;
    // A block that holds no output's first column (only the tail of a weight straddling into it) is
    // reduced with the block of that output's first column, else its tile would reduce nothing of its
    // own and its partial sums would never reach the home.
    for (int64_t cb = 1; cb < geo.colBlocks(); ++cb)
      if (geo.firstOutput(cb) == geo.lastOutput(cb) && geo.firstOutput(cb) * geo.weightSlices() < cb * geo.cols)
        g.col_block_reducer[size_t(cb)] = g.col_block_reducer[size_t(geo.firstOutput(cb) * geo.weightSlices() / geo.cols)];
  }
  // A reducer sums the partial sums of the outputs its column blocks touch, in order of first column
  // block. An output whose slices straddle two blocks reduced on two tiles is summed in part on each,
  // and each part goes on to the home.
  std::map<int, size_t> index_of;
  std::vector<int64_t> last_counted;  // per reducer: the last output it counted (blocks ascend)
  for (int64_t cb = 0; cb < geo.colBlocks(); ++cb) {
    const hw::TileId t = g.col_block_reducer[size_t(cb)];
    auto [it, fresh] = index_of.emplace(t.value, g.reducers.size());
    if (fresh) {
      g.reducers.push_back({t, 0, g.reducers.empty()});
      last_counted.push_back(-1);
    }
    const int64_t from = std::max(geo.firstOutput(cb), last_counted[it->second] + 1);
    g.reducers[it->second].outputs += std::max<int64_t>(0, geo.lastOutput(cb) - from + 1);
    last_counted[it->second] = std::max(last_counted[it->second], geo.lastOutput(cb));
  }
  return g;
}

// A group laid out entirely on `home` (for costing a choice before committing crossbars to it).
CrossbarGroup hypotheticalGroup(const hw::Design& d, const MvmWork& m, hw::TileId home) {
  Pes pes(size_t(pesFor(d, m)), {home, hw::PeId(0)});
  return buildGroup(d, m, pes, false, false);
}

void checkCapacity(const trace::Trace& t, const hw::Design& d, const std::vector<OpPlan>& plans) {
  int64_t pes = 0, xbars = 0;
  for (const auto& p : plans)
    for (const auto& m : p.mvms)
      if (!m.dynamic) {
        pes += pesFor(d, m);
        xbars += geometryOf(d, m).crossbars();
      }
  const int64_t pes_on_chip = int64_t(d.tiles) * d.tile.pes;
  if (pes > pes_on_chip)
    throw InputError(t.source, "",
                     "the trace needs " + std::to_string(xbars) + " crossbars (" + std::to_string(pes) + " PEs of " +
                         std::to_string(d.pe.crossbars) + ", each weight matrix starting on a fresh PE) but design '" +
                         d.name + "' has " + std::to_string(d.crossbarsPerChip()) + " crossbars (" +
                         std::to_string(pes_on_chip) + " PEs)");
  // A crossbar's share of its PE's input register must hold one input vector. Too small a register is
  // the design's to change, so the error names the design field and the size every op needs (the
  // op needing most, as for the output register below), beside the op it stopped at.
  const OpPlan* widest = nullptr;
  int64_t widest_bits = 0, widest_rows = 0;
  int widest_act = 0;
  for (const auto& p : plans)
    for (const auto& m : p.mvms) {
      const hw::MvmGeometry g = geometryOf(d, m);
      if (hw::MvmGeometry::inputRegisterSlots(d, g.rowsUsed(0), m.act_bits) >= 1) continue;
      if (g.rowsUsed(0) * m.act_bits > widest_bits)
        widest = &p, widest_bits = g.rowsUsed(0) * m.act_bits, widest_rows = g.rowsUsed(0), widest_act = m.act_bits;
    }
  if (widest)
    throw InputError(t.source, "op '" + widest->op_id + "' on design field 'input_register.bytes'",
                     "one input vector of a crossbar needs " + std::to_string(widest_bits) + " bits of input register (" +
                         std::to_string(widest_rows) + " rows x act_bits " + std::to_string(widest_act) +
                         "), but each crossbar's share of design '" + d.name + "''s is " +
                         std::to_string(int64_t(d.input_register.bytes) * 8 / d.pe.crossbars) + " bits (input_register.bytes=" +
                         std::to_string(d.input_register.bytes) + " x 8 / pe.crossbars=" + std::to_string(d.pe.crossbars) +
                         "); use input_register.bytes >= " + std::to_string(hw::ceilDiv(widest_bits * d.pe.crossbars, 8)) +
                         " or fewer crossbar.rows");
  const int64_t dram_bytes = int64_t(d.offchip.capacity_mib) << 20;
  for (const auto& p : plans)
    if (p.table_bytes > dram_bytes && p.table_bytes > d.edram.bytes)
      throw InputError(t.source, "op '" + p.op_id + "', field 'num_embeddings'",
                       "embedding table of " + std::to_string(p.table_bytes) + " bytes fits no memory: off-chip DRAM holds " +
                           std::to_string(dram_bytes) + " bytes, a tile's eDRAM " + std::to_string(d.edram.bytes));
}

int64_t staticPes(const hw::Design& d, const std::vector<OpPlan>& plans) {
  int64_t pes = 0;
  for (const auto& p : plans)
    for (const auto& m : p.mvms)
      if (!m.dynamic) pes += pesFor(d, m);
  return pes;
}

// Optimized mapping: where a full crossbar's column sum needs more bits than the ADC has, use only as
// many rows per crossbar as keep every sum exact, if the chip has the crossbars for it (HARDWARE.md
// §2.4). Returns what it chose, for the report.
std::string limitRowsForLosslessAdc(const hw::Design& d, std::vector<OpPlan>& plans) {
  const int rows = hw::MvmGeometry::losslessRows(d);
  const std::string adc = std::to_string(d.adc.bits) + "-bit ADC";
  if (rows >= d.crossbar.rows) return "all " + std::to_string(d.crossbar.rows) + " rows per crossbar: every column sum fits the " + adc;
  if (rows < 1) return "lossy: one row's column value already needs more than the " + adc;
  const int64_t before = staticPes(d, plans);
  std::vector<OpPlan> limited = plans;
  bool any = false;
  for (auto& p : limited)
    for (auto& m : p.mvms)
      if (m.in_features > rows) {
        m.rows_per_crossbar = rows;
        any = true;
      }
  if (!any) return "every op uses at most " + std::to_string(rows) + " rows: every column sum fits the " + adc;
  const int64_t after = staticPes(d, limited), on_chip = int64_t(d.tiles) * d.tile.pes;
  if (after > on_chip)
    return "lossy: " + std::to_string(rows) + " rows per crossbar would keep the " + adc + " exact but need " +
           std::to_string(after) + " PEs of " + std::to_string(on_chip);
  plans = std::move(limited);
  return std::to_string(rows) + " of " + std::to_string(d.crossbar.rows) + " rows per crossbar so that every column sum fits the " +
         adc + " (" + std::to_string(after) + " PEs instead of " + std::to_string(before) + ")";
}

// The tables left in off-chip DRAM must fit it together, not only one by one.
void checkDramCapacity(const trace::Trace& t, const hw::Design& d, const std::vector<OpPlan>& plans) {
  const int64_t dram_bytes = int64_t(d.offchip.capacity_mib) << 20;
  int64_t total = 0;
  int tables = 0;
  for (const auto& p : plans)
    if (p.table_bytes > 0 && !p.table_on_chip) total += p.table_bytes, ++tables;
  if (total > dram_bytes)
    throw InputError(t.source, "design field 'offchip.capacity_mib'",
                     "the " + std::to_string(tables) + " embedding tables in off-chip DRAM need " + std::to_string(total) +
                         " bytes together, more than its " + std::to_string(dram_bytes) + " bytes (" +
                         std::to_string(d.offchip.capacity_mib) + " MiB)");
}

// Results larger than the output register stream through it (hw/MvmGeometry::outputRegisterReserve),
// but a register narrower than one partial sum cannot take the S+A's result at all: such a design is
// refused, not run as if it held one.
void checkOutputRegister(const trace::Trace& t, const hw::Design& d, const std::vector<OpPlan>& plans) {
  const int64_t register_bits = hw::MvmGeometry::outputRegisterBits(d);
  const OpPlan* widest = nullptr;  // the op with the widest partial sums: the minimum names every op's
  int widest_bits = 0;
  for (const auto& p : plans)
    for (const auto& replicas : p.groups)
      for (const auto& g : replicas)
        if (g.psum_bits > widest_bits) widest = &p, widest_bits = g.psum_bits;
  if (widest_bits > register_bits)
    throw InputError(t.source, "design field 'output_register.bytes'",
                     "op '" + widest->op_id + "' writes partial sums of " + std::to_string(widest_bits) +
                         " bits into its PE's output register, which holds " + std::to_string(register_bits) + " bits (" +
                         std::to_string(d.output_register.bytes) + " bytes); use output_register.bytes >= " +
                         std::to_string(hw::ceilDiv(widest_bits, 8)));
}

// Chooses where an op's dynamic MVMs run: the cheaper of the vector unit and run-time-written
// crossbars by the cost model's cycles per sample (energy breaks ties).
void chooseEngine(const hw::Design& d, OpPlan& p, int64_t free_pes) {
  const StageCosts cost{d};
  int64_t vector_cycles = 0, crossbar_cycles = 0, pes_needed = 0;
  for (const auto& m : p.mvms) {
    if (!m.dynamic) continue;
    vector_cycles += cost.vectorMvm(m);
    crossbar_cycles += cost.runtimeMvm(m, hypotheticalGroup(d, m, p.home), p.home);
    pes_needed += pesFor(d, m);
  }
  if (vector_cycles == 0 && crossbar_cycles == 0) return;
  const bool fits = pes_needed <= free_pes;
  p.engine = fits && crossbar_cycles < vector_cycles ? Engine::RuntimeCrossbars : Engine::VectorUnit;
  p.engine_reason = "cost model: vector unit " + std::to_string(vector_cycles) + " cycles/sample, run-time crossbars " +
                    std::to_string(crossbar_cycles) + " cycles/sample" + (fits ? "" : " (no free PEs for them)");
}

void placeOps(const hw::Design& d, Mapping& m, PeAllocator& pes) {
  const bool optimized = m.strategy == Strategy::Optimized;
  for (auto& p : m.ops) {
    hw::TileId anchor = pes.cursorTile();
    for (int prod : p.producers)
      if (prod >= 0) {
        anchor = m.ops[size_t(prod)].home;
        break;
      }
    p.home = optimized ? anchor : pes.cursorTile();
    // Embedding tables: in a tile's eDRAM where one fits with half the eDRAM left for activations
    // (optimized), else in off-chip DRAM; a table too large for DRAM goes to eDRAM if it fits at all.
    if (p.table_bytes > 0) {
      const int64_t dram_bytes = int64_t(d.offchip.capacity_mib) << 20;
      int tile = optimized ? pes.tileWithEdram(anchor, p.table_bytes + d.edram.bytes / 2) : -1;
      if (tile < 0 && p.table_bytes > dram_bytes) tile = pes.tileWithEdram(anchor, p.table_bytes);
      if (tile >= 0) {
        pes.reserveEdram(hw::TileId(tile), p.table_bytes);
        p.home = hw::TileId(tile);
        p.table_on_chip = true;
      }
    }
    if (optimized) chooseEngine(d, p, pes.freePes());
    p.groups.assign(p.mvms.size(), {});
    for (size_t i = 0; i < p.mvms.size(); ++i) {
      const MvmWork& w = p.mvms[i];
      if (p.mvmMode(i) == MvmMode::VectorUnit) continue;
      const int64_t n = pesFor(d, w);
      const Pes got = optimized ? pes.takeNear(p.home, n) : pes.takeInOrder(n);
      p.groups[i].push_back(buildGroup(d, w, got, m.rows_across_tiles, m.spread_reduction));
      if (i == 0 && !optimized) p.home = got.front().first;
    }
  }
}

// Each op's home tile, in op order.
std::vector<int> homesOf(const Mapping& m) {
  std::vector<int> homes;
  for (const OpPlan& p : m.ops) homes.push_back(p.home.value);
  return homes;
}

// Redoes the eDRAM plan of a mapping put back as it was when its plan held (`caller` names who did).
void replanAsBefore(const hw::Design& d, Mapping& m, const char* caller) {
  if (auto error = tryPlanEdram(d, m)) throw std::logic_error(std::string(caller) + ": a plan that held no longer does: " + *error);
}

// Puts the ops back on `homes` (homesOf an earlier state whose eDRAM plan held) and replans.
void restoreHomes(const hw::Design& d, Mapping& m, const std::vector<int>& homes) {
  for (size_t i = 0; i < m.ops.size(); ++i) m.ops[i].home = hw::TileId(homes[i]);
  replanAsBefore(d, m, "restoreHomes");
}

// Where the slowest op is a pipelined op whose own dispatch sets its interval (one injection port
// sending each copy's tiles their rows one after another), relays its dispatch through each copy's
// first tile (OpPlan::relay_dispatch), and keeps that if the chip's interval shrinks. True if kept
// (the caller estimates again before the next op is tried). Only copied ops: one copy relayed gains
// only the overlap of the hop with the sends, and the twin under-priced what the relay's traffic then
// waits for (held-out neurosim22 DCN-v2 dim 32 at batch 256: 245,917 cycles relayed at one copy, 1.234x
// its twin, against 166,040 with copies only).
bool relayWhereDispatchBinds(const hw::Design& d, Mapping& m, const Estimate& e) {
  int64_t worst = 0;
  for (const OpEstimate& oe : e.ops) worst = std::max(worst, oe.interval_cycles);
  for (size_t i = 0; i < m.ops.size(); ++i) {
    OpPlan& p = m.ops[i];
    if (!p.pipelinedMvm() || p.relay_dispatch || p.replication() < 2 || e.ops[i].interval_cycles < worst) continue;
    if (e.ops[i].bottleneck.rfind("dispatch", 0) != 0) continue;
    p.relay_dispatch = true;
    if (!tryPlanEdram(d, m) && estimate(d, m, kSteadyStateBatch, false).interval_cycles < e.interval_cycles) return true;
    p.relay_dispatch = false;
    replanAsBefore(d, m, "relayWhereDispatchBinds");
  }
  return false;
}

// Replicates the bottleneck MVM ops (every op whose steady-state interval is the largest) while that
// lowers the analytical interval (within a few rounds, below) and the chip has PEs to spare, taking
// them from `pes`, which is spent after. A pipelined MVM op's replicas take alternate samples; another op's replicas take alternate input vectors of the same sample. Each round
// tries the new replicas near their op's home and on a router nothing uses yet (their partial sums then
// leave through another router's ejection port) and keeps the placement with the shorter interval.
// A round that gains nothing is kept for up to kLookahead rounds more: a copy can pay only once the
// next is in place (the twin's waits at a unit several bottlenecks share fall only when all of them
// have spread). `m` ends as the mapping with the shortest interval seen, fewest copies on ties; the
// mappings at each shorter interval before it, from the one before any copy, are returned. With
// `relay`, a round first relays the dispatch of slowest ops it binds (relayWhereDispatchBinds). A home
// move back to homes held since the last copy or relay is undone (a cycle), and the round copies.
std::vector<Mapping> replicateBottlenecks(const hw::Design& d, Mapping& m, PeAllocator pes, bool relay) {
  constexpr int kMaxReplicas = 16;
  constexpr int kLookahead = 2;
  using Taken = std::vector<Pes>;
  std::vector<Mapping> improved;
  int64_t best_interval = std::numeric_limits<int64_t>::max();
  int stale = 0;  // rounds of copies since best
  std::set<std::vector<int>> homes_held;  // the ops' homes since the last copy or relay
  for (int round = 0; round < 256; ++round) {
    const Estimate e = estimate(d, m, kSteadyStateBatch, false);
    if (e.interval_cycles < best_interval) {
      improved.push_back(m), best_interval = e.interval_cycles, stale = 0;
    } else if (e.interval_cycles == best_interval && stale == 0) {
      improved.back() = m;  // a home moved off a unit at the same interval (less load, latency)
    }
    // The slowest op's own dispatch sets its interval: relay it first (it then gains from copies).
    if (relay && relayWhereDispatchBinds(d, m, e)) {
      homes_held.clear();
      continue;
    }
    // A unit that belongs to where ops are homed (a tile's eDRAM, a router's port) sets the interval,
    // or is where the slowest op waits: move a home off it first (sim/mapping/HomeSpreading). Each move
    // relieves the unit pressed then, so moves can go round in a cycle (an op's home back and forth
    // between two routers, each the pressed one while the op is there: the 2048 x 2048 fc's rows
    // across tiles did so for all 256 rounds and never got a copy). A move back to homes already
    // held since the last copy or relay is undone, and the round makes copies instead.
    if (e.pressed) {
      const std::vector<int> before = homesOf(m);
      homes_held.insert(before);
      if (moveHomeOff(d, m, pes, *e.pressed, e, kSteadyStateBatch)) {
        if (homes_held.insert(homesOf(m)).second) continue;
        restoreHomes(d, m, before);
      }
    }
    // The slowest ops with static weights. When the slowest op of all has none (a one-sample-at-a-time
    // op queueing at units the MVMs load too), the slowest MVM ops are still tried: the round is kept
    // only if the chip's interval shrinks.
    const auto staticPes = [&](const OpPlan& p) {
      int64_t n = 0;
      for (const auto& w : p.mvms)
        if (!w.dynamic) n += pesFor(d, w);
      return n;
    };
    int64_t worst = 0;
    for (size_t i = 0; i < e.ops.size(); ++i)
      if (staticPes(m.ops[i]) > 0) worst = std::max(worst, e.ops[i].interval_cycles);
    std::vector<size_t> bottlenecks;
    int64_t pes_needed = 0;
    bool capped = false;
    for (size_t i = 0; i < e.ops.size(); ++i) {
      const int64_t op_pes = staticPes(m.ops[i]);
      if (op_pes == 0 || e.ops[i].interval_cycles != worst) continue;
      capped = capped || m.ops[i].replication() >= kMaxReplicas;
      bottlenecks.push_back(i);
      pes_needed += op_pes;
    }
    if (capped || stale > kLookahead || bottlenecks.empty() || pes_needed > pes.freePes()) break;
    if (m.crossbarsUsed() + pes_needed * d.pe.crossbars > kSimulatableCrossbars) break;
    auto add = [&](bool idle_router) {
      Taken taken;
      for (size_t i : bottlenecks) {
        OpPlan& p = m.ops[i];
        for (size_t k = 0; k < p.mvms.size(); ++k)
          if (!p.mvms[k].dynamic) {
            const int64_t n = pesFor(d, p.mvms[k]);
            taken.push_back(idle_router ? pes.takeOnIdleRouter(p.home, n) : pes.takeNear(p.home, n));
            p.groups[k].push_back(buildGroup(d, p.mvms[k], taken.back(), m.rows_across_tiles, m.spread_reduction));
          }
      }
      return taken;
    };
    auto undo = [&](const Taken& taken) {
      for (size_t i : bottlenecks)
        for (size_t k = 0; k < m.ops[i].mvms.size(); ++k)
          if (!m.ops[i].mvms[k].dynamic) m.ops[i].groups[k].pop_back();
      for (const auto& t : taken) pes.release(t);
    };
    // A copy's partial sums need room in its reducers' eDRAM, and they thin the buffers beside them: the
    // plan is redone with the copy in place, and a copy the eDRAM cannot hold is no gain.
    const auto interval = [&] {
      if (tryPlanEdram(d, m)) return std::numeric_limits<int64_t>::max();
      return estimate(d, m, kSteadyStateBatch, false).interval_cycles;
    };
    const auto replan = [&] {
      replanAsBefore(d, m, "replicateBottlenecks");
    };
    Taken near = add(false);
    const int64_t near_interval = interval();
    undo(near);
    Taken idle = add(true);
    const int64_t idle_interval = interval();
    if (std::min(near_interval, idle_interval) == std::numeric_limits<int64_t>::max()) {
      undo(idle);  // no eDRAM holds the copies' partial sums
      replan();
      break;
    }
    if (near_interval <= idle_interval) {  // ties: near, fewer hops and less energy
      undo(idle);
      near = add(false);
    }
    replan();
    homes_held.clear();
    ++stale;
  }
  if (improved.empty()) return {};  // no estimate below the largest interval: nothing was tried
  m = std::move(improved.back());
  improved.pop_back();
  return improved;
}

// Deepens the buffers of the tightest loop of output buffers (sim/analytical/BufferLoops) while it
// sets the interval and its ops' home eDRAMs have room beyond their equal shares: one sample at a
// time, to the loop's buffer with the fewest output bits that can still grow. The tiles' eDRAMs are
// otherwise left as EdramPlan shares them; a loop holding T samples over L cycles passes a sample
// every ⌈L / T⌉ cycles, so each sample added to it shortens that.
void deepenBufferLoops(const hw::Design& d, Mapping& m) {
  constexpr int kMaxSamplesAdded = 256;
  const StageCosts cost{d};
  const Estimate e = estimate(d, m, kSteadyStateBatch, false);  // depths change no first-sample time
  for (int added = 0; added < kMaxSamplesAdded; ++added) {
    const BufferLoop loop = tightestBufferLoop(d, m, e);
    if (loop.interval <= e.interval_cycles) return;
    std::vector<size_t> buffers = loop.buffers;
    std::stable_sort(buffers.begin(), buffers.end(), [&](size_t a, size_t b) { return m.ops[a].output_bits < m.ops[b].output_bits; });
    bool grown = false;
    for (size_t i : buffers)
      if (cost.outputBufferDepth(m.ops[i]) < d.edram.op_buffer_samples && deepenBuffers(d, m, i)) {
        grown = true;
        break;
      }
    if (!grown) return;
  }
}

// The replication rounds leave loops of output buffers out, since copies do not shorten them; but each
// copy's partial sums take eDRAM a loop's buffers could deepen into. Where a loop still binds once
// deepened, the mappings the rounds passed through before `m` (`on_the_way`, in the order reached, as
// replicateBottlenecks returns them; one copy of the mapping each, a few MB at most) are deepened
// too, and the fastest with its loops is kept (ties: the earliest, which has the fewest copies).
void deepenBufferLoopsOrCopyLess(const hw::Design& d, Mapping& m, std::vector<Mapping> on_the_way) {
  const auto withLoops = [&](Mapping& x) {
    deepenBufferLoops(d, x);
    const Estimate e = estimate(d, x, kSteadyStateBatch, false);
    return std::pair{intervalWithBufferLoops(d, x, e), e.interval_cycles};
  };
  const auto [last, without_loops] = withLoops(m);
  if (last <= without_loops) return;  // no loop binds: the rounds' best mapping is the fastest
  int64_t best = last;
  Mapping* chosen = nullptr;
  for (Mapping& x : on_the_way) {
    const int64_t interval = withLoops(x).first;
    if (interval < best || (interval == best && !chosen)) best = interval, chosen = &x;
  }
  if (chosen) m = std::move(*chosen);
}

}  // namespace

bool anyGroupSpansTiles(const Mapping& m) {
  for (const auto& p : m.ops)
    for (const auto& replicas : p.groups)
      for (const auto& g : replicas)
        if (g.tiles.size() > 1) return true;
  return false;
}

const char* layoutName(Layout layout) {
  switch (layout) {
    case Layout::Auto: return "auto";
    case Layout::Columns: return "columns";
    case Layout::RowsSpread: return "rows-spread";
    case Layout::ColumnsSpread: return "columns-spread";
    case Layout::Measured: return "measured";
  }
  return "?";
}

Layout parseLayout(const std::string& name) {
  if (name == "auto") return Layout::Auto;
  if (name == "columns") return Layout::Columns;
  if (name == "rows-spread") return Layout::RowsSpread;
  if (name == "columns-spread") return Layout::ColumnsSpread;
  if (name == "measured") return Layout::Measured;
  throw InputError("--layout", "", "'" + name + "' is not a layout: auto, columns, rows-spread, columns-spread or measured");
}

Mapping mapTrace(const trace::Trace& t, const hw::Design& d, Strategy strategy, MapOptions options) {
  Mapping m;
  m.strategy = strategy;
  std::map<std::string, size_t> index_of;
  for (size_t i = 0; i < t.ops.size(); ++i) {
    OpPlan p = describeOp(t, i, d, strategy);
    for (const auto& in : p.input_ids) {
      auto it = index_of.find(in);
      p.producers.push_back(it == index_of.end() ? -1 : int(it->second));
      if (it != index_of.end()) m.ops[it->second].consumers.push_back(m.ops.size());
    }
    index_of[p.op_id] = m.ops.size();
    m.ops.push_back(std::move(p));
  }
  m.adc_choice = strategy == Strategy::Optimized && options.lossless_adc
                     ? limitRowsForLosslessAdc(d, m.ops)
                     : "all " + std::to_string(d.crossbar.rows) + " rows per crossbar (--lossless-adc: fewer, to keep sums exact)";
  checkCapacity(t, d, m.ops);
  const auto place = [&](Mapping& into) {
    PeAllocator pes(d);
    placeOps(d, into, pes);
    checkDramCapacity(t, d, into.ops);
    checkOutputRegister(t, d, into.ops);
    planEdram(t, d, into);
    if (strategy == Strategy::Optimized) {
      std::vector<Mapping> on_the_way = replicateBottlenecks(d, into, std::move(pes), options.relay);
      deepenBufferLoopsOrCopyLess(d, into, std::move(on_the_way));
    }
  };
  const Mapping unplaced = m;
  // The mapping placed in layout `l` (the naive mapping's is always whole columns reduced on the first tile).
  const auto placedAs = [&](Layout l) {
    Mapping into = unplaced;
    into.rows_across_tiles = l == Layout::RowsSpread;
    into.spread_reduction = l == Layout::RowsSpread || l == Layout::ColumnsSpread;
    place(into);
    return into;
  };
  if (options.layout == Layout::Measured)
    throw std::logic_error("mapTrace: a measured layout is chosen by sim/run/LayoutProbe, which maps each layout forced");
  if (strategy != Strategy::Optimized) return placedAs(Layout::Columns);
  if (options.layout != Layout::Auto) {
    m = placedAs(options.layout);
    m.layout_choice.by = std::string("forced (--layout ") + layoutName(options.layout) + ")";
    return m;
  }
  // Where a matrix spans tiles, its layout and where its partial sums are reduced are tried whole (the
  // greedy rounds above take different paths from each): whole columns reduced on the first tile,
  // rows across tiles with the reduction spread, whole columns with the reduction spread. The
  // shortest analytical interval wins (buffer loops counted, as the report counts them). Equal intervals
  // are common (the bottleneck is an op the layout does not touch); then the least loaded busiest NoC
  // channel wins, in whole cycles, since the twin prices channels one at a time and misses wormhole
  // blocking behind a nearly full one (docs/mapping.md), then the earlier.
  // (Rows across tiles reduced on the first tile won on none of the examples or held-out traces.)
  // Each layout's interval goes into the report, so a close call is visible (--layout measured decides
  // those by simulation). A layout that cannot be placed (e.g. its eDRAM plan does not fit: reducing on
  // the first tile keeps every partial sum there) is skipped and reported as not mapped; the run fails
  // only when no layout can be placed, with the first layout's reason.
  std::vector<LayoutTried> tried;
  std::optional<std::pair<int64_t, int64_t>> best;
  std::exception_ptr columns_failure;
  const auto tryLayout = [&](Layout l) {
    Mapping candidate;
    try {
      candidate = placedAs(l);
    } catch (const InputError& e) {
      if (l == Layout::Columns) columns_failure = std::current_exception();
      tried.push_back({l, 0, -1, std::string("not mapped: ") + e.what(), 0});
      return;
    }
    if (l == Layout::Columns && !anyGroupSpansTiles(candidate)) {
      m = std::move(candidate);  // every layout is this one: nothing to choose
      return;
    }
    const Estimate e = estimate(d, candidate, kSteadyStateBatch, false);
    const int64_t interval = intervalWithBufferLoops(d, candidate, e);
    tried.push_back({l, interval, -1, "", 0});
    const std::pair rank{interval, int64_t(std::ceil(e.busiestChannelLoad()))};
    if (!best || rank < *best) best = rank, m = std::move(candidate);
  };
  tryLayout(Layout::Columns);
  if (!columns_failure && tried.empty()) return m;  // no matrix spans tiles
  for (Layout l : {Layout::RowsSpread, Layout::ColumnsSpread}) tryLayout(l);
  if (!best) std::rethrow_exception(columns_failure);
  m.layout_choice.tried = std::move(tried);
  return m;
}

}  // namespace autorac::sim
