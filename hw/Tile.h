#pragma once
// A tile: its PEs, the eDRAM buffer, the tile bus and the digital vector unit (HARDWARE.md §1, §4).
// A simulation instantiates only the PEs the mapping uses (unused ones still count in area and
// leakage through the Inventory), which keeps elaboration of a 16,128-crossbar chip cheap.
#include <map>
#include <vector>
#include <memory>

#include <systemc>

#include "hw/Design.h"
#include "hw/Ids.h"
#include "hw/Pe.h"
#include "hw/Resource.h"

namespace autorac::hw {

class Tile : public sc_core::sc_module {
public:
  // `clock` must outlive the tile.
  Tile(sc_core::sc_module_name name, const Design& design, const Clock& clock, TileId id,
       const std::vector<PeId>& pes_used, const AdcGroupFactory& make_adc_group = {});

  TileId id() const { return id_; }
  Pe& pe(PeId pe);  // one of pes_used
  Resource& edram() { return edram_; }
  Resource& bus() { return bus_; }
  Resource& vectorUnit() { return vector_unit_; }
  const std::map<int, std::unique_ptr<Pe>>& pes() const { return pes_; }
  void trace(sc_core::sc_trace_file* tf);

private:
  TileId id_;
  Resource edram_, bus_, vector_unit_;
  std::map<int, std::unique_ptr<Pe>> pes_;
};

}  // namespace autorac::hw
