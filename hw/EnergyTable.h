#pragma once
// Energy of one event of each component, resolved from the design once, applied to event counts when
// a run ends (energy stays out of the timing model). A component's energy per event is the design's
// `energy_pj` when given, else its active power times the period of one event at full rate
// (HARDWARE.md §6: e.g. an 8-bit conversion ≈ 2 mW / 1.28 GS/s ≈ 1.56 pJ).
#include "hw/Design.h"

namespace autorac::hw {

struct EnergyTable {
  double crossbar_read_pj;     // one input slice applied to one crossbar
  double crossbar_row_write_pj;  // one row programmed at run time
  double dac_row_pj;           // one row driven for one slice
  double sample_hold_pj;       // one column latched
  double adc_conversion_pj;    // one conversion at the design's ADC resolution
  double shift_add_pj;         // one result shifted and accumulated
  double input_register_pj;    // one IR access (width_bits)
  double output_register_pj;   // one OR access (width_bits)
  double edram_access_pj;      // one eDRAM access (width_bits)
  double bus_beat_pj;          // one tile-bus beat (width_bits)
  double vector_op_pj;         // one vector-unit lane operation
  double flit_hop_pj;          // one flit (bus: link_bits beat) through one router
  double link_flit_pj;         // one flit across one router-to-router link (mesh)
  double offchip_bit_pj;       // one bit to or from off-chip memory

  explicit EnergyTable(const Design& d);
};

}  // namespace autorac::hw
