#include "hw/Inventory.h"

#include "hw/CostLaws.h"
#include "hw/noc/MeshTopology.h"

namespace autorac::hw {

Inventory::Inventory(const Design& d) : design_(d) {
  const ScaledCosts c = scaledCosts(d);  // each component at this design's geometry (hw/CostLaws.h)
  // The cost fields' powers hold at cost_clock_ghz. An event's energy stays put at another clock
  // (hw/EnergyTable), while every *_cycles period scales with 1 / clock_ghz, so at full rate a
  // component draws clock_ghz / cost_clock_ghz of its power. (Leakage does not follow the clock.)
  // Likewise a component whose events this design makes shorter than its reference period draws that
  // much more (hw/CostLaws.h, referencePeriods).
  const double rate = d.clock_ghz / d.costClockGhz();
  const FullRateFactors faster = fullRateFactors(d);
  auto add = [&](const char* name, Level level, double per_parent, const ComponentCost& cost, double on_chip = -1,
                 double speedup = 1.0) {
    items_.push_back({name, level, per_parent, cost.power_mw * rate * speedup, cost.area_mm2, cost.leakage_mw, on_chip});
  };
  const double xbars = d.pe.crossbars;
  add("crossbar", Level::Pe, xbars, c.crossbar);
  add("dac", Level::Pe, xbars * d.crossbar.rows, c.dac);
  add("sample_hold", Level::Pe, xbars * d.crossbar.cols, c.sample_hold);
  add("adc", Level::Pe, d.adcsPerPe(), c.adc, -1, faster.adc);
  add("shift_add", Level::Pe, d.shift_add.units, c.shift_add);
  add("input_register", Level::Pe, 1, c.input_register);
  add("output_register", Level::Pe, 1, c.output_register);
  add("pe_other", Level::Pe, 1, c.pe_other);
  add("edram", Level::Tile, 1, c.edram, -1, faster.edram);
  add("bus", Level::Tile, 1, c.bus, -1, faster.bus);
  add("vector_unit", Level::Tile, 1, c.vector_unit, -1, faster.vector);
  add("tile_other", Level::Tile, 1, c.tile_other);
  // A router serves `concentration` tiles: a tile's roll-up carries 1/concentration of one (as ISAAC's
  // tile figure does), but the chip has whole routers: ceil(tiles / concentration), and on a mesh
  // also the tile-less routers that fill its last row (noc/MeshTopology).
  const double routers = d.interconnect.kind == InterconnectKind::Mesh ? noc::MeshTopology(d).routers() : d.routers();
  add("router", Level::Tile, 1.0 / d.interconnect.concentration, c.router, routers);
  // Mesh links: every directed router-to-router link of the grid (noc/MeshTopology); a bus has none.
  if (d.interconnect.kind == InterconnectKind::Mesh)
    add("noc_link", Level::Chip, noc::MeshTopology(d).links(), c.link, -1, faster.link);
  add("offchip_io", Level::OffChip, 1, c.offchip_io);
}

double Inventory::instancesOnChip(const InventoryItem& item) const {
  if (item.on_chip >= 0) return item.on_chip;
  switch (item.level) {
    case Level::Pe: return item.per_parent * design_.tile.pes * design_.tiles;
    case Level::Tile: return item.per_parent * design_.tiles;
    default: return item.per_parent;
  }
}

double Inventory::sum(Level upto, bool area) const {
  double total = 0;
  for (const auto& it : items_) {
    double per = area ? it.area_mm2 : it.power_mw;
    double n = 0;
    if (upto == Level::Pe && it.level == Level::Pe) n = it.per_parent;
    if (upto == Level::Tile && it.level == Level::Pe) n = it.per_parent * design_.tile.pes;
    if (upto == Level::Tile && it.level == Level::Tile) n = it.per_parent;
    if (upto == Level::Chip && it.level != Level::OffChip) n = instancesOnChip(it);
    if (upto == Level::OffChip && it.level == Level::OffChip) n = it.per_parent;
    total += n * per;
  }
  return total;
}

double Inventory::pePowerMw() const { return sum(Level::Pe, false); }
double Inventory::peAreaMm2() const { return sum(Level::Pe, true); }
double Inventory::tilePowerMw() const { return sum(Level::Tile, false); }
double Inventory::tileAreaMm2() const { return sum(Level::Tile, true); }
double Inventory::chipPowerMw() const { return sum(Level::Chip, false); }
double Inventory::chipAreaMm2() const { return sum(Level::Chip, true); }
double Inventory::offchipPowerMw() const { return sum(Level::OffChip, false); }
double Inventory::offchipAreaMm2() const { return sum(Level::OffChip, true); }

double Inventory::chipLeakageMw() const {
  double total = 0;
  for (const auto& it : items_) total += instancesOnChip(it) * it.leakage_mw;
  return total;
}

}  // namespace autorac::hw
