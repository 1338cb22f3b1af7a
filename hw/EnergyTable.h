#pragma once
// Energy of one event of each component, resolved from the design once, applied to event counts when
// a run ends (energy stays out of the timing model). A component's energy per event is the design's
// `energy_pj` when given, else its active power times the period of one event at full rate
// (HARDWARE.md §6: e.g. an 8-bit conversion ≈ 2 mW / 1.28 GS/s ≈ 1.56 pJ).
#include <limits>

#include "hw/Design.h"
#include "hw/EventKinds.h"

namespace autorac::hw {

struct EnergyTable {
  // pJ per event, one field per kind of hw/EventKinds.h (e.g. crossbar_read_pj, adc_conversion_pj).
  // NaN until the constructor sets it, so a kind left without an energy law shows in every report.
#define AUTORAC_EVENT_ENERGY(counter, energy, component, description) \
  double energy = std::numeric_limits<double>::quiet_NaN();
  AUTORAC_EVENT_KINDS(AUTORAC_EVENT_ENERGY)
#undef AUTORAC_EVENT_ENERGY

  explicit EnergyTable(const Design& d);
};

}  // namespace autorac::hw
