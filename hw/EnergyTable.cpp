#include "hw/EnergyTable.h"

#include "hw/CostLaws.h"

namespace autorac::hw {
namespace {

// mW × ns = pJ.
double perEvent(const ComponentCost& c, double event_period_ns) {
  return c.energy_pj >= 0 ? c.energy_pj : c.power_mw * event_period_ns;
}

}  // namespace

EnergyTable::EnergyTable(const Design& d) {
  // Event periods at the cost clock, not the digital clock: an analog event's energy stays put when
  // clock_ghz changes (HARDWARE.md §6).
  const double t = 1.0 / d.costClockGhz();
  const ScaledCosts c = scaledCosts(d);
  const double read_ns = d.crossbar.read_cycles * t;
  crossbar_read_pj = perEvent(c.crossbar, read_ns);
  crossbar_row_write_pj = d.crossbar.write_energy_pj_per_row * rowWriteEnergyFactor(d);
  dac_row_pj = perEvent(c.dac, read_ns);
  sample_hold_pj = perEvent(c.sample_hold, read_ns);
  // Energy per conversion follows scale_per_bit alone (hw/CostLaws.h), at the reference conversion time;
  // these five at the periods their powers were given for (referencePeriods).
  const ReferencePeriods ref = referencePeriods(d);
  adc_conversion_pj = perEvent(c.adc, ref.adc_conversion * t);
  shift_add_pj = perEvent(c.shift_add, t);
  input_register_pj = perEvent(c.input_register, t);
  output_register_pj = perEvent(c.output_register, t);
  edram_access_pj = perEvent(c.edram, ref.edram_access * t);
  bus_beat_pj = perEvent(c.bus, ref.bus_beat * t);
  vector_op_pj = perEvent(c.vector_unit, ref.vector_op * t / d.vector_unit.lanes);
  flit_hop_pj = perEvent(c.router, t);  // a router forwards one flit per cycle at full rate
  link_flit_pj = perEvent(c.link, ref.link_flit * t);
  offchip_bit_pj = d.offchip.energy_pj_per_bit;
}

}  // namespace autorac::hw
