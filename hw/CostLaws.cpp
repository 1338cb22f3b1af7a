#include "hw/CostLaws.h"

#include <cmath>

namespace autorac::hw {
namespace {

ComponentCost scaled(const ComponentCost& c, CostFactors f) {
  ComponentCost out = c;
  out.area_mm2 *= f.area;
  out.leakage_mw *= f.area;  // static power follows the devices, so the area
  out.power_mw *= f.energy;
  if (out.energy_pj >= 0) out.energy_pj *= f.energy;
  return out;
}

double orOwn(int reference, int own) { return reference > 0 ? reference : own; }

int interconnectWidth(const Design& d) {
  return d.interconnect.kind == InterconnectKind::Mesh ? d.interconnect.flit_bits : d.interconnect.link_bits;
}

}  // namespace

CostFactors crossbarFactors(const Design& d) {
  const double f = double(d.crossbar.rows) * d.crossbar.cols / (double(d.crossbar.reference_rows) * d.crossbar.reference_cols);
  return {f, f};
}

ReferencePeriods referencePeriods(const Design& d) {
  auto ref = [](int reference, int own) { return int(orOwn(reference, own)); };
  return {ref(d.adc.reference_conversion_cycles, d.adc.conversion_cycles), ref(d.edram.reference_access_cycles, d.edram.access_cycles),
          ref(d.bus.reference_cycles_per_beat, d.bus.cycles_per_beat), ref(d.vector_unit.reference_op_cycles, d.vector_unit.op_cycles),
          ref(d.interconnect.reference_link_cycles, d.interconnect.link_cycles)};
}

FullRateFactors fullRateFactors(const Design& d) {
  const ReferencePeriods ref = referencePeriods(d);
  return {double(ref.adc_conversion) / d.adcConversionCycles(), double(ref.edram_access) / d.edram.access_cycles,
          double(ref.bus_beat) / d.bus.cycles_per_beat, double(ref.vector_op) / d.vector_unit.op_cycles,
          double(ref.link_flit) / d.interconnect.link_cycles};
}

double rowWriteEnergyFactor(const Design& d) { return double(d.crossbar.cols) / d.crossbar.reference_cols; }

CostFactors dacFactors(const Design& d) {
  const double f = std::pow(d.dac.scale_per_bit, d.dac.bits - d.dac.reference_bits);
  return {f, f};
}

CostFactors adcFactors(const Design& d) {
  const double f = std::pow(d.adc.scale_per_bit, d.adc.bits - d.adc.reference_bits);
  return {f, f};
}

CostFactors storageFactors(int bytes, int width_bits, const StorageReference& ref) {
  const double capacity = bytes / orOwn(ref.bytes, bytes);
  return {capacity, width_bits / orOwn(ref.width_bits, width_bits) * std::sqrt(capacity)};
}

CostFactors busFactors(const Design& d) {
  const double f = d.bus.width_bits / orOwn(d.bus.reference_width_bits, d.bus.width_bits);
  return {f, f};
}

CostFactors vectorFactors(const Design& d) {
  const double f = d.vector_unit.lanes / orOwn(d.vector_unit.reference_lanes, d.vector_unit.lanes);
  return {f, f};
}

CostFactors routerFactors(const Design& d) {
  const auto& n = d.interconnect;
  const double w = interconnectWidth(d) / orOwn(n.reference_width_bits, interconnectWidth(d));
  const double p = d.routerPorts() / orOwn(n.reference_ports, d.routerPorts());
  const double depth = n.buffer_flits / orOwn(n.reference_buffer_flits, n.buffer_flits);
  const double s = n.router_buffer_share;
  return {s * p * depth * w + (1 - s) * (p * w) * (p * w), s * w + (1 - s) * p * w * w};
}

CostFactors linkFactors(const Design& d) {
  const double f = interconnectWidth(d) / orOwn(d.interconnect.reference_width_bits, interconnectWidth(d));
  return {f, f};
}

ScaledCosts scaledCosts(const Design& d) {
  ScaledCosts c;
  c.crossbar = scaled(d.crossbar.cost, crossbarFactors(d));
  c.dac = scaled(d.dac.cost, dacFactors(d));
  c.sample_hold = d.sample_hold.cost;  // one per column: the column count carries its scaling
  c.adc = scaled(d.adc.cost, adcFactors(d));
  c.shift_add = d.shift_add.cost;
  c.input_register = scaled(d.input_register.cost,
                            storageFactors(d.input_register.bytes, d.input_register.width_bits, d.input_register.reference));
  c.output_register = scaled(d.output_register.cost, storageFactors(d.output_register.bytes, d.output_register.width_bits,
                                                                    d.output_register.reference));
  c.pe_other = d.pe.other;
  c.edram = scaled(d.edram.cost, storageFactors(d.edram.bytes, d.edram.width_bits, d.edram.reference));
  c.bus = scaled(d.bus.cost, busFactors(d));
  c.vector_unit = scaled(d.vector_unit.cost, vectorFactors(d));
  c.tile_other = d.tile.other;
  c.router = scaled(d.interconnect.router, routerFactors(d));
  c.link = scaled(d.interconnect.link, linkFactors(d));
  c.offchip_io = d.offchip.io;
  return c;
}

}  // namespace autorac::hw
