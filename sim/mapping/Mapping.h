#pragma once
// Where and how each op of a trace runs on the chip: the plan the mapper makes, which the SystemC run
// (sim/run/ChipSimulation), the analytical model and the report all read.
//
// An op's work per sample is a list of matrix-vector products (MvmWork: static weights held in
// crossbars, or dynamic operands that change with every sample), elementwise/nonlinear operations on
// the home tile's vector unit, and for embeddings a gather from memory. See docs/mapping.md.
#include <algorithm>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "hw/AdcTransfer.h"
#include "hw/CrossbarTask.h"
#include "hw/Design.h"
#include "hw/Ids.h"
#include "hw/MvmGeometry.h"
#include "traces/Trace.h"

namespace autorac::sim {

enum class Strategy { Naive, Optimized };
const char* strategyName(Strategy s);

// Where a dynamic MVM runs (HARDWARE.md §3).
enum class Engine { VectorUnit, RuntimeCrossbars };
const char* engineName(Engine e);

// How one MVM of an op runs: decided once here (OpPlan::mvmMode), and acted on by the SystemC run
// (sim/run/OpRunner), the analytical model (estimate, countsForBatch) and the report.
enum class MvmMode {
  VectorUnit,      // dynamic operand, multiplied on the home tile's vector unit
  RuntimeWritten,  // dynamic operand, written into crossbars every sample, then applied to
  Pipelined,       // the op's only work, static weights: dispatch, crossbars and reduction overlap
                   // across samples, replicas taking alternate samples
  Replicated,      // static weights: a sample's vectors split over the replicas, one sample at a time
};
const char* mvmModeName(MvmMode m);

struct MvmWork {
  std::string name;              // "weights", "qkv", "out", "scores", "context", "pairs"
  int64_t in_features = 0;       // K: rows of the stored matrix
  int64_t out_features = 0;      // N
  int weight_bits = 0;           // bits of the stored operand (for dynamic work: act_bits)
  int stored_bits = 0;           // bits per weight as laid out in cells (naive mapping pads)
  int act_bits = 0;
  bool act_signed = true;
  int64_t vectors = 1;           // input vectors per matrix per sample (efc: dim; attention: tokens)
  int64_t matrices = 1;          // dynamic: distinct matrices written per sample (attention: heads)
  bool dynamic = false;          // operand changes every sample
  bool strict_lower_triangle = false;  // only outputs j < i of input vector i are wanted (dot's pairs)
  // Bits of each reduced result sent on to the op's home: where the results are the op's output (fc,
  // efc, dot), the width the output is stored at (its first consumer's act_bits, 32 for a model
  // output: OpWork.cpp, outputValueBits); 0 for an MVM whose results the op works on further
  // (attention's), which go at act_bits.
  int result_bits = 0;
  int rows_per_crossbar = 0;     // rows used per crossbar at most; 0 = all (the optimized mapping may use
                                 // fewer so that every column sum fits the ADC, docs/mapping.md)
  // Useful multiply-accumulates per sample (what TOPS counts and the vector unit computes). Crossbars
  // compute every column of the stored matrix whatever is wanted: their work follows the geometry.
  int64_t macs() const {
    const int64_t outputs = strict_lower_triangle ? vectors * (vectors - 1) / 2 : vectors * out_features;
    return matrices * in_features * outputs;
  }
};

// The crossbar layout of one matrix of `m` on design `d`.
inline hw::MvmGeometry geometryOf(const hw::Design& d, const MvmWork& m) {
  return hw::MvmGeometry(d, m.in_features, m.out_features, m.stored_bits, m.act_bits, m.rows_per_crossbar);
}

struct CrossbarAssignment {
  hw::CrossbarPlace place;
  int64_t row_block = 0, col_block = 0;
  hw::CrossbarTask task;
  int64_t output_values = 0;  // partial sums this crossbar sends for reduction, per input vector
};

// One copy of one matrix in crossbars.
struct CrossbarGroup {
  hw::MvmGeometry geometry;
  std::vector<CrossbarAssignment> crossbars;
  std::vector<hw::TileId> tiles;  // every tile holding one of its crossbars, ascending
  std::vector<int64_t> tile_rows;  // per entry of `tiles`: the input rows its crossbars use (their row
                                   // blocks' rows, each counted once)
  hw::TileId home;                // the tile of its first crossbar
  int psum_bits = 0;              // bits of one partial sum leaving a crossbar
  int result_bits = 0;            // bits of one reduced result sent on to the op's home (MvmWork::result_bits)
  // Where partial sums are reduced: each column block's on one tile, `home` for all of them unless the
  // mapping spreads them (Mapper.cpp, buildGroup). A reducer sums the row blocks' partial sums of the
  // outputs its column blocks touch (an output straddling two blocks reduced on two tiles counts on
  // each: each sends its part) and sends the results to the op's home; the first also sums the input
  // vector for the offset correction.
  struct Reducer {
    hw::TileId tile;
    int64_t outputs = 0;
    bool input_sum = false;
  };
  std::vector<hw::TileId> col_block_reducer;  // per column block
  std::vector<Reducer> reducers;              // one per distinct tile, in order of first column block
  hw::TileId reducerOf(const CrossbarAssignment& x) const { return col_block_reducer.at(size_t(x.col_block)); }
  // Bits of one input vector of `act_bits` values that tile `t` of the group receives: the rows its
  // crossbars hold, not the whole vector.
  int64_t vectorBits(hw::TileId t, int act_bits) const {
    const auto it = std::lower_bound(tiles.begin(), tiles.end(), t,
                                     [](hw::TileId a, hw::TileId b) { return a.value < b.value; });
    return tile_rows.at(size_t(it - tiles.begin())) * act_bits;
  }
  // Bits of one whole input vector of `act_bits` values (what a relayed dispatch sends its first tile).
  int64_t inputBits(int act_bits) const { return geometry.in_features * act_bits; }
  // Bits of a dynamic operand (the whole matrix) written into the group's crossbars.
  int64_t operandBits() const { return geometry.in_features * geometry.out_features * geometry.weight_bits; }
  // Bits of the partial sums crossbar `x` sends to its reducer per input vector.
  int64_t drainBits(const CrossbarAssignment& x) const { return x.task.output_bits; }
  // Bits of `vectors` vectors' reduced results sent on from reducer `r` to the op's home.
  int64_t resultBits(const Reducer& r, int64_t vectors) const { return vectors * r.outputs * result_bits; }
  // Bits reducer `r` keeps for `vectors` vectors while their partial sums arrive: a running sum per
  // output, wide enough for every row block's partial sum (what the eDRAM plan sets aside for them).
  int64_t accumulatorBits(const Reducer& r, int64_t vectors) const {
    return vectors * r.outputs * (psum_bits + hw::bitsToHold(geometry.rowBlocks() - 1));
  }
};

struct OpPlan {
  size_t op_index = 0;  // into Trace::ops
  std::string op_id;
  trace::OpType type = trace::OpType::Fc;

  std::vector<int> producers;               // per input: index into Mapping::ops, or -1 for a graph input
  std::vector<std::string> input_ids;       // per input: the op or graph-input id
  std::vector<int64_t> input_bits;          // per input: bits per sample
  std::vector<size_t> consumers;            // indices into Mapping::ops
  hw::TileId home;                          // where inputs gather, reductions run and outputs are stored
  int64_t output_bits = 0;                  // per sample, as stored and sent on

  std::vector<MvmWork> mvms;                     // in execution order
  std::vector<std::vector<CrossbarGroup>> groups;  // per mvm: replicas (static), the runtime crossbars
                                                   // (dynamic on crossbars), or none (vector unit)
  Engine engine = Engine::VectorUnit;       // for the op's dynamic MVMs
  std::string engine_reason;                // the cost-model figures the choice was made on
  int64_t vector_ops = 0;                   // per sample, besides MVM reductions
  bool has_activation = false;

  // Embeddings: a gather of `gather_requests` rows of `gather_bits` bits in all, per sample.
  int64_t gather_bits = 0, gather_requests = 0, table_bytes = 0;
  bool table_on_chip = false;  // in the home tile's eDRAM (else off-chip DRAM)
  // Samples deep each of its buffers in the home tile's eDRAM may be (sim/mapping/EdramPlan): bounds
  // its output buffer and its prefetches. Unbounded until planned.
  int64_t edram_samples = std::numeric_limits<int64_t>::max();
  // A pipelined op: samples deep its partial sums may be at its reducers, the fewest any reducer
  // tile's eDRAM plan gives them (sim/mapping/EdramPlan; StageCosts::partialSumDepth). Unbounded
  // until planned.
  int64_t psum_edram_samples = std::numeric_limits<int64_t>::max();
  // A pipelined op of several copies: each sample's input vectors go whole to its copy's first tile,
  // whose relay sends each of the copy's tiles its rows (recipe::relayTrip, sim/run/OpRunner), so the
  // copies' deliveries leave from their first tiles' routers, not all from the input's (one injection
  // port, one tile at a time: the audit's 2.8 % of peak). The optimized mapping sets it where it
  // shortens the analytical interval (Mapper.cpp, relayWhereDispatchBinds).
  bool relay_dispatch = false;

  // Copies of the op's static weight matrices (every static MVM of an op has the same number).
  int replication() const;
  MvmMode mvmMode(size_t k) const;
  bool pipelinedMvm() const { return !mvms.empty() && mvmMode(0) == MvmMode::Pipelined; }
  int64_t crossbarCount() const;
};

// Where a weight matrix spans tiles, the optimized mapping tries three layouts whole and keeps the
// shortest analytical interval (docs/mapping.md, "Both tried whole"). A forced layout maps that one
// only: to measure what the twin's choice is worth (bench/sim/layout_choice.py), or to study one.
enum class Layout {
  Auto,           // the twin chooses
  Columns,        // whole columns per tile, partial sums reduced on each copy's first tile
  RowsSpread,     // row blocks across tiles, each column block reduced where its column is
  ColumnsSpread,  // whole columns per tile, each column block reduced where its column is
  Measured,       // each simulated, the fastest kept: sim/run/LayoutProbe (mapTrace cannot; it throws)
};
// How the layout was chosen, for the report: "analytical interval" (the twin's shortest, the default),
// "forced (--layout <name>)", "measured" (--layout measured, sim/run/LayoutProbe: one probe per layout).
struct LayoutTried {
  Layout layout = Layout::Auto;
  int64_t twin_interval = 0;     // the analytical model's steady-state cycles per sample; 0: not mapped
  int64_t measured_cycles = -1;  // measured only: the probe's simulated cycles for its samples; -1 otherwise
  std::string failure;           // measured only: why the probe failed (empty when it did not)
  int chip_tiles = 0;            // measured only: the tiles of the chip the probe ran (each layout is fitted on its own under tiles: fit)
};
struct LayoutChoice {
  std::string by = "analytical interval";
  uint64_t probe_samples = 0;      // measured only
  std::vector<LayoutTried> tried;  // empty when forced, or when no matrix spans tiles
};

struct Mapping {
  Strategy strategy = Strategy::Naive;
  std::vector<OpPlan> ops;
  std::string adc_choice;  // what the mapper did about ADC resolution, for the report
  // How a matrix that spans several tiles is laid out (Mapper.cpp, buildGroup): false, column block by
  // column block (each tile holds whole columns and receives whole input vectors); true, row block
  // by row block (each tile receives only its rows). The optimized mapping maps both ways and keeps
  // the shorter analytical interval.
  bool rows_across_tiles = false;
  bool spread_reduction = false;  // each column block reduced where its column is (CrossbarGroup::reducers)
  LayoutChoice layout_choice;      // meaningful only where a matrix spans tiles (anyGroupSpansTiles)
  int64_t crossbarsUsed() const;
  int pesUsed() const;
  int tilesUsed() const;
  std::vector<hw::CrossbarPlace> places() const;
  std::vector<hw::TileId> homeTiles() const;  // every op's home (tiles without crossbars included)
};

// Throws InputError (naming the trace and op) when the trace cannot fit the design: more crossbars
// than it has (how many are needed, how many there are), or an embedding table larger than every
// memory (its size and the memories' sizes).
// lossless_adc (optimized only): use at most as many rows per crossbar as keep every column sum within
// the ADC's bits, where the chip has the crossbars for it (more crossbars and conversions, exact sums).
// Crossbars one pimsim process can simulate on a Linux kernel with the default vm.max_map_count of
// 65,530 memory maps: each used crossbar runs three SystemC threads (hw/CrossbarUnit's reader and
// converter, sim/run/MvmStage's drain), and each thread's stack takes two maps (the stack and its
// guard page): 6 maps per crossbar, 49,217 maps measured for 8,192 crossbars (a 1024x1024 16-bit fc,
// 16 copies), plus a few thousand for libraries, the heap and the other threads (65 measured). The
// optimized mapping replicates within this; a trace that needs more on its own stops with a design
// error before elaboration (sim/run/ChipSimulation, checkProcessMapsFit, which reads the kernel's own
// limit).
constexpr int64_t kMapsPerSimulatedCrossbar = 6, kMapsBesidesCrossbars = 2048, kDefaultMaxMapCount = 65530;
constexpr int64_t kSimulatableCrossbars = 10240;
static_assert(kSimulatableCrossbars * kMapsPerSimulatedCrossbar + kMapsBesidesCrossbars <= kDefaultMaxMapCount);

// "auto", "columns", "rows-spread", "columns-spread", "measured"; throws InputError for anything else.
Layout parseLayout(const std::string& name);
const char* layoutName(Layout layout);
// Whether some copy of a weight matrix spans tiles: only then do the layouts differ.
bool anyGroupSpansTiles(const Mapping& m);

struct MapOptions {
  bool lossless_adc = false;
  Layout layout = Layout::Auto;  // optimized only; the naive mapping always lays out whole columns
  // Optimized only: may relay a copied op's dispatch through each copy's first tile where that
  // shortens the interval (OpPlan::relay_dispatch); false (pimsim --no-relay): never, as before 2026-12-07.
  bool relay = true;
};
Mapping mapTrace(const trace::Trace& trace, const hw::Design& design, Strategy strategy, MapOptions options = {});

}  // namespace autorac::sim
