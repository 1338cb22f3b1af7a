#pragma once
// The resolved, validated description of one chip: every count, size, resolution, latency, power and
// area the hardware model uses. It is plain data: sim/design/DesignLoader fills it from a preset, a design
// file and --set overrides (and checks every field against sim/design/DesignSchema); hw/ modules only read it.
// Times are in clock cycles of `clock_ghz`; power in mW, area in mm², energy in pJ.
#include <cstdint>
#include <string>

namespace autorac::hw {

// Power and area of one instance of a component, and the energy of one of its events.
struct ComponentCost {
  double power_mw = 0;    // active (peak) power of one instance
  double area_mm2 = 0;    // area of one instance
  double leakage_mw = 0;  // static power of one instance, charged over the whole simulated time
  double energy_pj = -1;  // energy per event; < 0 = derive as power × period of one event at full rate
};

enum class AdcLossMode { Clip, DropLsb };
// How conversion time follows resolution: SAR resolves one bit per step; flash in one step.
enum class AdcKind { Sar, Flash };
enum class WeightEncoding { Offset, Differential };

struct CrossbarParams {
  int rows = 128, cols = 128, cell_bits = 2;
  int read_cycles = 256;  // one input slice drives the rows and settles (t_read)
  int reference_rows = 128, reference_cols = 128;  // array size at which `cost` is given
  ComponentCost cost;     // per crossbar at reference_rows × reference_cols; event = one input-slice read
  // Run-time writes (dynamic operands on crossbars, HARDWARE.md §3):
  int write_cycles_per_row = 256;   // one row of cells programmed
  double write_energy_pj_per_row = 0;
  double endurance_writes = 1e9;    // writes a cell survives (for the report's lifetime estimate)
};

struct DacParams {
  int bits = 1;        // d: input bits applied per slice
  int reference_bits = 1;      // resolution at which `cost` is given
  double scale_per_bit = 2.0;  // power, area and energy ×scale_per_bit for each bit above reference
  ComponentCost cost;  // per DAC (one per row) at reference_bits; event = one row driven for one slice
};

struct SampleHoldParams {
  ComponentCost cost;  // per column; event = one column latched
};

struct AdcParams {
  int bits = 8;                 // b: resolution
  int adcs_per_group = 1;       // ADCs that convert one crossbar's columns in parallel
  int crossbars_per_group = 1;  // crossbars that share one ADC group (1 = private)
  AdcKind kind = AdcKind::Sar;
  int conversion_cycles = 2;    // t_adc at reference_bits (Design::adcConversionCycles gives it at `bits`)
  int reference_conversion_cycles = 0;  // t_adc at which `cost` is given (0 = conversion_cycles)
  AdcLossMode loss_mode = AdcLossMode::Clip;
  int reference_bits = 8;       // resolution at which `cost` is given
  double scale_per_bit = 2.0;   // power, area and energy ×scale_per_bit for each bit above reference
  ComponentCost cost;           // per ADC at reference_bits; event = one conversion
};

struct ShiftAddParams {
  int units = 4;           // per PE; each accepts one result per cycle
  int latency_cycles = 1;  // t_sa: pipeline latency after the last conversion
  ComponentCost cost;      // per unit; event = one result shifted and accumulated
};

// SRAM-like storage (registers, eDRAM): costs are given at a reference capacity and access width.
struct StorageReference {
  int bytes = 0, width_bits = 0;  // 0 = the storage's own size (no scaling)
};

struct RegisterParams {
  int bytes = 2048;
  int width_bits = 256;  // bits per access
  StorageReference reference;
  ComponentCost cost;    // per register file at `reference`; event = one access
};

struct PeParams {
  int crossbars = 8;
  ComponentCost other;  // per PE: what the published PE total has beyond its listed components
};

struct EdramParams {
  int bytes = 65536;
  int width_bits = 256;
  int access_cycles = 1;  // a port is busy this long per access
  int reference_access_cycles = 0;  // access_cycles at which `cost` is given (0 = access_cycles)
  int op_buffer_samples = 16;  // samples of an op's output kept for its consumers; then the op stalls
  StorageReference reference;
  ComponentCost cost;     // per tile at `reference`; event = one access of width_bits
};

struct BusParams {
  int width_bits = 384;
  int cycles_per_beat = 1;
  int reference_width_bits = 0;  // width at which `cost` is given (0 = width_bits)
  int reference_cycles_per_beat = 0;  // cycles_per_beat at which `cost` is given (0 = cycles_per_beat)
  ComponentCost cost;  // per tile; event = one beat of width_bits
};

struct VectorUnitParams {
  int lanes = 32;     // elementwise operations started per op_cycles
  int op_cycles = 1;
  int reference_lanes = 0;  // lanes at which `cost` is given (0 = lanes)
  int reference_op_cycles = 0;  // op_cycles at which `cost` is given (0 = op_cycles)
  ComponentCost cost;  // per tile; event = one lane operation (add, activation, ...)
};

struct TileParams {
  int pes = 12;
  ComponentCost other;  // per tile: output register, pooling etc. not modelled as timed units
};

// --- interconnect: bus (SharedBusInterconnect) or mesh NoC (hw/noc/, docs/noc.md) ---
enum class InterconnectKind { Bus, Mesh };

struct InterconnectParams {
  InterconnectKind kind = InterconnectKind::Bus;
  int concentration = 4;    // tiles per router
  int link_bits = 32;       // bus: bits per cycle on the shared medium
  int latency_cycles = 4;   // bus: head latency of a transfer between two tiles
  ComponentCost router;     // per router; event = one flit through one router (mesh) / one link_bits beat (bus)
  // Mesh only (hw/noc/MeshCore.h describes the timing they set):
  int flit_bits = 32;       // width of a flit and of a router-to-router link
  int buffer_flits = 8;     // depth of each router input buffer (credits per link)
  int router_cycles = 2;    // a flit's pipeline latency through one router
  int link_cycles = 1;      // a flit's (and a credit's) latency over one link, ejection included
  int reference_link_cycles = 0;  // link_cycles at which the link's cost is given (0 = link_cycles)
  ComponentCost link;       // per directed router-to-router link; event = one flit across it
  // The router's reference point (hw/CostLaws.h): 0 = this design's own value (no scaling).
  int reference_width_bits = 0;   // flit_bits (mesh) or link_bits (bus) at which router/link costs are given
  int reference_ports = 0;        // router ports (4 mesh neighbours + concentration) at the reference
  int reference_buffer_flits = 0;  // input-buffer depth at the reference
  double router_buffer_share = 0.5;  // share of router area and flit energy in its input buffers at the reference
};
// --- end interconnect ---

struct OffchipParams {
  int bits_per_cycle = 64;
  int latency_cycles = 100;
  double energy_pj_per_bit = 0;
  int capacity_mib = 16384;  // off-chip DRAM (embedding tables)
  int max_requests = 32;     // requests in flight at once (each waits latency_cycles after its last bit)
  int prefetch_samples = 8;  // samples of input a loader (or an embedding gather) fetches ahead
  ComponentCost io;  // the chip's I/O links (counted once per chip)
};

struct Design {
  std::string name = "unnamed";
  double technology_nm = 32;
  double clock_ghz = 2.56;
  // Clock at which the cost fields' powers convert to energies per event (power × event cycles ÷ this
  // clock); 0 = clock_ghz. It keeps analog energy per event fixed when clock_ghz is changed.
  double cost_clock_ghz = 0;
  WeightEncoding weight_encoding = WeightEncoding::Offset;
  int tiles = 168;
  // Chip sized to the model: `tiles` only bounds the mapping, and the chip is cut to the tiles the
  // mapping uses (sim/mapping/ChipFit), so that its area and static power are that chip's.
  bool fit_tiles = false;

  CrossbarParams crossbar;
  DacParams dac;
  SampleHoldParams sample_hold;
  AdcParams adc;
  ShiftAddParams shift_add;
  RegisterParams input_register;
  RegisterParams output_register;
  PeParams pe;
  EdramParams edram;
  BusParams bus;
  VectorUnitParams vector_unit;
  TileParams tile;
  InterconnectParams interconnect;
  OffchipParams offchip;

  // Derived figures (no state of their own).
  double cycleNs() const { return 1.0 / clock_ghz; }
  int adcGroupsPerPe() const { return pe.crossbars / adc.crossbars_per_group; }
  // Each crossbar has its own ADC group: a group's one requester asks again only after it released,
  // so its requests never tie or wait, and the group grants them at once (hw/ResourceAdcGroup.h).
  bool privateAdcGroups() const { return adc.crossbars_per_group == 1; }
  int adcsPerPe() const { return adcGroupsPerPe() * adc.adcs_per_group; }
  int crossbarsPerTile() const { return pe.crossbars * tile.pes; }
  int64_t crossbarsPerChip() const { return int64_t(crossbarsPerTile()) * tiles; }
  int routers() const { return (tiles + interconnect.concentration - 1) / interconnect.concentration; }
  double costClockGhz() const { return cost_clock_ghz > 0 ? cost_clock_ghz : clock_ghz; }
  // Router ports: four mesh neighbours and one local port per concentrated tile.
  int routerPorts() const { return 4 + interconnect.concentration; }
  // t_adc at this design's resolution: SAR takes conversion_cycles × bits / reference_bits, rounded up
  // to whole cycles of the digital clock that collects results; flash does not depend on bits.
  // Inline and in integers: the analytical model asks for it per crossbar in every estimate.
  int adcConversionCycles() const {
    if (adc.kind == AdcKind::Flash) return adc.conversion_cycles;
    return int((int64_t(adc.conversion_cycles) * adc.bits + adc.reference_bits - 1) / adc.reference_bits);
  }
  // Results a PE's S+A units take in during one conversion (one per unit per cycle): the slots a
  // converting group's ADCs each hold one of (hw/CrossbarUnit).
  int64_t shiftAddSlots() const { return int64_t(shift_add.units) * adcConversionCycles(); }
};

}  // namespace autorac::hw
