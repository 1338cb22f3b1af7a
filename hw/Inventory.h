#pragma once
// Every component instance of a design, with its count, power and area: the source of the design's
// area and peak power (every component active), and of the PE / tile / chip roll-ups the `isaac`
// preset is checked against (HARDWARE.md §6).
#include <string>
#include <vector>

#include "hw/Design.h"

namespace autorac::hw {

enum class Level { Pe, Tile, Chip, OffChip };

struct InventoryItem {
  std::string component;  // report name, e.g. "adc"
  Level level;            // where one instance lives
  double per_parent;      // instances per PE (Level::Pe), per tile (Level::Tile), per chip otherwise
  double power_mw;        // per instance, active at full rate at this design's clock
  double area_mm2;        // per instance
  double leakage_mw;      // per instance
  double on_chip = -1;    // instances on the chip where not per_parent × parents (routers), else < 0
};

class Inventory {
public:
  explicit Inventory(const Design& d);

  const std::vector<InventoryItem>& items() const { return items_; }
  double instancesOnChip(const InventoryItem& item) const;

  // Roll-ups: one PE; one tile (its PEs, its own components and its share of a router);
  // the tile array (all tiles and routers); the I/O links beyond it.
  double pePowerMw() const, peAreaMm2() const;
  double tilePowerMw() const, tileAreaMm2() const;
  double chipPowerMw() const, chipAreaMm2() const;
  double offchipPowerMw() const, offchipAreaMm2() const;
  double chipLeakageMw() const;

private:
  double sum(Level upto, bool area) const;
  Design design_;  // a copy: an inventory may outlive the design it was made from
  std::vector<InventoryItem> items_;
};

}  // namespace autorac::hw
