#pragma once
// Scaling laws: every component's power, area, leakage and energy per event at this design's geometry,
// from the reference point its cost fields are given at. The inventory (area, peak power, leakage) and
// the energy table (energy per event) both read these, so each law lives here only;
// docs/design-fields.md gives each law with its source.
#include "hw/Design.h"

namespace autorac::hw {

struct ScaledCosts {
  ComponentCost crossbar, dac, sample_hold, adc, shift_add, input_register, output_register, pe_other;
  ComponentCost edram, bus, vector_unit, tile_other, router, link, offchip_io;
};

// Area factor (area and leakage) and energy factor (active power and energy per event) of each law.
struct CostFactors {
  double area = 1, energy = 1;
};

CostFactors crossbarFactors(const Design& d);  // cell array: both ∝ rows × cols
// Programming one row writes each of its cells: energy ∝ cols (the row's cells are written at once,
// so its time does not grow).
double rowWriteEnergyFactor(const Design& d);
CostFactors dacFactors(const Design& d);       // scale_per_bit^(bits − reference_bits)
CostFactors adcFactors(const Design& d);       // scale_per_bit^(bits − reference_bits)
// SRAM/eDRAM (CACTI-style fit): area ∝ capacity; access energy ∝ width × √capacity (bit-line length).
CostFactors storageFactors(int bytes, int width_bits, const StorageReference& ref);
CostFactors busFactors(const Design& d);     // wires: both ∝ width
CostFactors vectorFactors(const Design& d);  // lanes: both ∝ lanes
// Input-buffered router (Orion-style split): buffers ∝ ports × depth × width in area and ∝ width per
// flit; the switch ∝ (ports × width)² in area and ∝ ports × width² per flit.
CostFactors routerFactors(const Design& d);
CostFactors linkFactors(const Design& d);  // wires: both ∝ width

ScaledCosts scaledCosts(const Design& d);

// The event periods, in cycles, at which the cost fields' powers were given (the reference_*_cycles
// fields; 0 = the design's own). An ADC conversion, an eDRAM access, a bus beat, a vector operation
// and a link flit cost the same energy however long the design lets them take (a converter's energy
// per conversion is its figure of merit times 2^bits, Walden; a wire's is C·V²), so a faster setting
// draws more power at full rate, not less energy per event. The crossbar's read is not among them:
// its cells conduct for the whole read, so its energy follows read_cycles.
struct ReferencePeriods {
  int adc_conversion = 0, edram_access = 0, bus_beat = 0, vector_op = 0, link_flit = 0;
};
ReferencePeriods referencePeriods(const Design& d);
// How many times its reference power each of them draws at full rate here: its reference period over
// this design's (the ADC's at its bits: Design::adcConversionCycles, a SAR's one step per bit).
struct FullRateFactors {
  double adc = 1, edram = 1, bus = 1, vector = 1, link = 1;
};
FullRateFactors fullRateFactors(const Design& d);

}  // namespace autorac::hw
