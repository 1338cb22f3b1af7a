#pragma once
// Where each op of a trace runs on the chip. The first mapper (`naive`) places every fc op's crossbars
// in trace order onto consecutive PEs and tiles, each op starting on a fresh PE, without replication.
#include <cstdint>
#include <string>
#include <vector>

#include "hw/CrossbarTask.h"
#include "hw/Design.h"
#include "hw/Ids.h"
#include "hw/MvmGeometry.h"
#include "traces/Trace.h"

namespace autorac::sim {

struct CrossbarAssignment {
  hw::CrossbarPlace place;
  int64_t row_block = 0, col_block = 0;
  hw::CrossbarTask task;
  int64_t output_values = 0;  // partial sums this crossbar sends for reduction
};

struct OpMapping {
  size_t op_index = 0;  // into Trace::ops
  std::string op_id;
  hw::MvmGeometry geometry;
  std::vector<CrossbarAssignment> crossbars;
  hw::TileId home;                  // where its partial sums are reduced and its outputs stored
  hw::TileId input_tile;            // whose eDRAM holds its inputs: the producer's home, or its own
  std::vector<hw::TileId> tiles;    // every tile holding one of its crossbars, ascending
  std::vector<size_t> consumers;    // indices into Mapping::ops
  int producer = -1;                // index into Mapping::ops, or -1 for a graph input
  std::string graph_input;          // its input's id when producer == -1
  int input_bits = 0;               // bits of one input activation
  int output_bits = 0;              // bits of one output value as stored and sent on
  int psum_bits = 0;                // bits of one partial sum leaving a crossbar
  bool has_activation = false;

  int64_t inputVectorBits() const { return geometry.in_features * input_bits; }
  int64_t outputVectorBits() const { return geometry.out_features * output_bits; }
};

struct Mapping {
  std::string strategy = "naive";
  std::vector<OpMapping> ops;
  int64_t crossbarsUsed() const;
  int pesUsed() const;
  int tilesUsed() const;
  std::vector<hw::CrossbarPlace> places() const;
};

// Throws InputError (naming the trace and op) when an op is not supported by this mapper, or when the
// trace needs more crossbars than the design has (saying how many it needs and how many there are).
Mapping mapNaive(const trace::Trace& trace, const hw::Design& design);

}  // namespace autorac::sim
