#include "sim/mapping/ChipFit.h"

#include <algorithm>

#include "traces/InputError.h"

namespace autorac::sim {
namespace {

int tilesReached(const Mapping& m) {
  int last = 0;
  for (const auto& p : m.places()) last = std::max(last, p.tile.value);
  for (const auto& t : m.homeTiles()) last = std::max(last, t.value);
  return last + 1;
}

}  // namespace

ChipPlan planChip(const trace::Trace& trace, const ResolvedDesign& design, Strategy strategy, MapOptions options) {
  ChipPlan plan{design, mapTrace(trace, design.design, strategy, options), design.design.tiles};
  if (!design.design.fit_tiles) return plan;
  // Each round tries the tiles the mapping actually uses (a compact chip), then the highest tile it
  // reaches; a smaller chip that cannot hold the model ends the search.
  for (int round = 0; round < 8; ++round) {
    bool shrunk = false;
    for (int tiles : {plan.mapping.tilesUsed(), tilesReached(plan.mapping)}) {
      if (tiles >= plan.design.design.tiles) continue;
      ResolvedDesign smaller = plan.design;
      smaller.design.tiles = tiles;
      try {
        Mapping m = mapTrace(trace, smaller.design, strategy, options);
        plan.design = std::move(smaller);
        plan.mapping = std::move(m);
        shrunk = true;
        break;
      } catch (const InputError&) {
        // too small for the model (e.g. its tables' eDRAM): try the next candidate
      }
    }
    if (!shrunk) break;
  }
  plan.design.fields["tiles"] = plan.design.design.tiles;
  plan.design.origins["tiles"] = "fit to the mapping (within " + std::to_string(plan.bound_tiles) + " tiles)";
  return plan;
}

}  // namespace autorac::sim
