#pragma once
// A chip sized to the model (design field `tiles: "fit"`): the trace is mapped within the design's tile
// count, the chip is cut to the tiles the mapping reaches, and the trace is mapped again on that chip
// (the mesh's shape, and so placement, follow the tile count) until the count stops shrinking. Area,
// peak and static power are then those of the chip the model needs, not of a fixed 168-tile ISAAC.
#include "sim/design/DesignLoader.h"
#include "sim/mapping/Mapping.h"

namespace autorac::sim {

struct ChipPlan {
  ResolvedDesign design;  // tiles = the chip used (design.fields and origins say so when fitted)
  Mapping mapping;
  int bound_tiles = 0;    // the tile count the mapping was allowed
};

ChipPlan planChip(const trace::Trace& trace, const ResolvedDesign& design, Strategy strategy, MapOptions options = {});

}  // namespace autorac::sim
