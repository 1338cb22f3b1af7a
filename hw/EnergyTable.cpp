#include "hw/EnergyTable.h"

namespace autorac::hw {
namespace {

// mW × ns = pJ.
double perEvent(const ComponentCost& c, double event_period_ns) {
  return c.energy_pj >= 0 ? c.energy_pj : c.power_mw * event_period_ns;
}

}  // namespace

EnergyTable::EnergyTable(const Design& d) {
  const double t = d.cycleNs();
  const double read_ns = d.crossbar.read_cycles * t;
  crossbar_read_pj = perEvent(d.crossbar.cost, read_ns);
  crossbar_row_write_pj = d.crossbar.write_energy_pj_per_row;
  dac_row_pj = perEvent(d.dac.cost, read_ns);
  sample_hold_pj = perEvent(d.sample_hold.cost, read_ns);
  ComponentCost adc = d.adc.cost;
  const double s = d.adcScale();
  adc.power_mw *= s;
  if (adc.energy_pj >= 0) adc.energy_pj *= s;
  adc_conversion_pj = perEvent(adc, d.adc.conversion_cycles * t);
  shift_add_pj = perEvent(d.shift_add.cost, t);
  input_register_pj = perEvent(d.input_register.cost, t);
  output_register_pj = perEvent(d.output_register.cost, t);
  edram_access_pj = perEvent(d.edram.cost, d.edram.access_cycles * t);
  bus_beat_pj = perEvent(d.bus.cost, d.bus.cycles_per_beat * t);
  vector_op_pj = perEvent(d.vector_unit.cost, d.vector_unit.op_cycles * t / d.vector_unit.lanes);
  flit_hop_pj = perEvent(d.interconnect.router, t);  // a router forwards one flit per cycle at full rate
  link_flit_pj = perEvent(d.interconnect.link, d.interconnect.link_cycles * t);
  offchip_bit_pj = d.offchip.energy_pj_per_bit;
}

}  // namespace autorac::hw
