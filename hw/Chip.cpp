#include "hw/Chip.h"

#include <stdexcept>
#include <string>

#include "hw/SharedBusInterconnect.h"
#include "hw/noc/MeshInterconnect.h"

namespace autorac::hw {

Chip::Chip(sc_core::sc_module_name name, const Design& design, const Clock& clock,
           const std::vector<CrossbarPlace>& used, const std::vector<TileId>& homes, const BlockModels& blocks)
    : sc_module(name), clock_(clock), offchip_(design, clock) {
  // Only the tiles the mapping uses are built: an idle tile costs nothing to elaborate.
  std::map<int, std::vector<PeId>> pes_per_tile;
  for (const auto& p : used) pes_per_tile[p.tile.value].push_back(p.pe);
  for (TileId t : homes) pes_per_tile[t.value];
  std::vector<TileId> built;
  for (const auto& [t, _] : pes_per_tile) built.push_back(TileId(t));
  // The interconnect the design names: the cycle-accurate mesh NoC or the simple shared bus.
  if (design.interconnect.kind == InterconnectKind::Mesh)
    interconnect_ = std::make_unique<noc::MeshInterconnect>("noc", design, clock, built, blocks.router);
  else
    interconnect_ = std::make_unique<SharedBusInterconnect>(design, clock);
  for (const auto& [t, pes] : pes_per_tile)
    tiles_.emplace(t, std::make_unique<Tile>(("tile" + std::to_string(t)).c_str(), design, clock, TileId(t), pes, blocks.adc_group));
}

Chip::~Chip() = default;

Tile& Chip::tile(TileId id) {
  auto it = tiles_.find(id.value);
  if (it == tiles_.end()) throw std::logic_error("chip: tile " + std::to_string(id.value) + " was not built");
  return *it->second;
}

CrossbarUnit& Chip::crossbar(const CrossbarPlace& place) {
  return tile(place.tile).pe(place.pe).crossbar(place.crossbar.value);
}

void Chip::trace(sc_core::sc_trace_file* tf) {
  for (auto& [_, t] : tiles_) t->trace(tf);
  interconnect_->trace(tf);
  offchip_.trace(tf);
}

}  // namespace autorac::hw
