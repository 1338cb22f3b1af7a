#pragma once
// The chip: the tiles a mapping uses, the interconnect between them and the off-chip port.
#include <map>
#include <memory>
#include <vector>

#include <systemc>

#include "hw/BlockModels.h"
#include "hw/Clock.h"
#include "hw/Design.h"
#include "hw/Ids.h"
#include "hw/Interconnect.h"
#include "hw/OffchipPort.h"
#include "hw/Tile.h"

namespace autorac::hw {

class Chip : public sc_core::sc_module {
public:
  // Builds the tiles and PEs that hold `used` crossbars; the design must be validated.
  // `homes`: tiles that hold no used crossbar but run ops (vector unit, eDRAM).
  // `clock` (the simulation's) must outlive the chip. `blocks`: verilated blocks in place of their
  // C++ models (pimsim --rtl).
  Chip(sc_core::sc_module_name name, const Design& design, const Clock& clock, const std::vector<CrossbarPlace>& used,
       const std::vector<TileId>& homes = {}, const BlockModels& blocks = {});
  ~Chip() override;

  const Clock& clock() const { return clock_; }
  Tile& tile(TileId id);
  CrossbarUnit& crossbar(const CrossbarPlace& place);
  Interconnect& interconnect() { return *interconnect_; }
  OffchipPort& offchip() { return offchip_; }
  const std::map<int, std::unique_ptr<Tile>>& tiles() const { return tiles_; }
  void trace(sc_core::sc_trace_file* tf);

private:
  const Clock& clock_;
  std::map<int, std::unique_ptr<Tile>> tiles_;
  std::unique_ptr<Interconnect> interconnect_;
  OffchipPort offchip_;
};

}  // namespace autorac::hw
