#include "hw/Inventory.h"

#include "hw/noc/MeshTopology.h"

namespace autorac::hw {

Inventory::Inventory(const Design& d) : design_(d) {
  const double adc_scale = d.adcScale();
  auto add = [&](const char* name, Level level, double per_parent, const ComponentCost& c, double scale = 1) {
    items_.push_back({name, level, per_parent, c.power_mw * scale, c.area_mm2 * scale, c.leakage_mw * scale});
  };
  const double xbars = d.pe.crossbars;
  add("crossbar", Level::Pe, xbars, d.crossbar.cost);
  add("dac", Level::Pe, xbars * d.crossbar.rows, d.dac.cost);
  add("sample_hold", Level::Pe, xbars * d.crossbar.cols, d.sample_hold.cost);
  add("adc", Level::Pe, d.adcsPerPe(), d.adc.cost, adc_scale);
  add("shift_add", Level::Pe, d.shift_add.units, d.shift_add.cost);
  add("input_register", Level::Pe, 1, d.input_register.cost);
  add("output_register", Level::Pe, 1, d.output_register.cost);
  add("pe_other", Level::Pe, 1, d.pe.other);
  add("edram", Level::Tile, 1, d.edram.cost);
  add("bus", Level::Tile, 1, d.bus.cost);
  add("vector_unit", Level::Tile, 1, d.vector_unit.cost);
  add("tile_other", Level::Tile, 1, d.tile.other);
  // A router serves `concentration` tiles: each tile carries 1/concentration of one.
  add("router", Level::Tile, 1.0 / d.interconnect.concentration, d.interconnect.router);
  // Mesh links: every directed router-to-router link of the grid (noc/MeshTopology); a bus has none.
  if (d.interconnect.kind == InterconnectKind::Mesh)
    add("noc_link", Level::Chip, noc::MeshTopology(d).links(), d.interconnect.link);
  add("offchip_io", Level::OffChip, 1, d.offchip.io);
}

double Inventory::instancesOnChip(const InventoryItem& item) const {
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
