#include "hw/Tile.h"

#include <stdexcept>
#include <string>

namespace autorac::hw {

Tile::Tile(sc_core::sc_module_name name, const Design& design, const Clock& clock, TileId id,
           const std::vector<PeId>& pes_used, const AdcGroupFactory& make_adc_group)
    : sc_module(name), id_(id),
      edram_(clock, std::string(this->name()) + ".edram", 1),
      bus_(clock, std::string(this->name()) + ".bus", 1),
      vector_unit_(clock, std::string(this->name()) + ".vector_unit", 1) {
  for (PeId p : pes_used)
    if (!pes_.count(p.value))
      pes_.emplace(p.value, std::make_unique<Pe>(("pe" + std::to_string(p.value)).c_str(), design, clock, make_adc_group));
}

Pe& Tile::pe(PeId pe) {
  auto it = pes_.find(pe.value);
  if (it == pes_.end()) throw std::logic_error(std::string(name()) + ": PE " + std::to_string(pe.value) + " was not built");
  return *it->second;
}

void Tile::trace(sc_core::sc_trace_file* tf) {
  edram_.trace(tf);
  bus_.trace(tf);
  vector_unit_.trace(tf);
  for (auto& [_, pe] : pes_) pe->trace(tf);
}

}  // namespace autorac::hw
