#include "sim/design/DesignSchema.h"

#include <limits>

namespace autorac::sim {
namespace {

using hw::ComponentCost;
using hw::Design;
using nlohmann::json;

constexpr double kHuge = 1e12;

template <class Access>
FieldSpec integer(std::string path, std::string unit, double min, double max, std::string desc, Access access) {
  FieldSpec f{std::move(path), "integer", std::move(unit), min, max, {}, std::move(desc), {}, {}};
  f.set = [access](Design& d, const json& v) { access(d) = v.get<int>(); };
  f.get = [access](const Design& d) { return json(access(const_cast<Design&>(d))); };
  return f;
}

template <class Access>
FieldSpec number(std::string path, std::string unit, double min, double max, std::string desc, Access access) {
  FieldSpec f{std::move(path), "number", std::move(unit), min, max, {}, std::move(desc), {}, {}};
  f.set = [access](Design& d, const json& v) { access(d) = v.get<double>(); };
  f.get = [access](const Design& d) { return json(access(const_cast<Design&>(d))); };
  return f;
}

// The four cost fields every component has.
template <class Access>
void cost(std::vector<FieldSpec>& out, const std::string& prefix, const std::string& what, const std::string& event,
          Access access) {
  out.push_back(number(prefix + ".power_mw", "mW", 0, kHuge, "active power of one " + what,
                       [access](Design& d) -> double& { return access(d).power_mw; }));
  out.push_back(number(prefix + ".area_mm2", "mm²", 0, kHuge, "area of one " + what,
                       [access](Design& d) -> double& { return access(d).area_mm2; }));
  out.push_back(number(prefix + ".leakage_mw", "mW", 0, kHuge, "static power of one " + what + ", charged over the simulated time",
                       [access](Design& d) -> double& { return access(d).leakage_mw; }));
  FieldSpec e = number(prefix + ".energy_pj", "pJ", 0, kHuge,
                       "energy per event (" + event + "); absent = power_mw × the period of one event at full rate (its reference period where it has one)",
                       [access](Design& d) -> double& { return access(d).energy_pj; });
  e.get = [access](const Design& d) {
    const double v = access(const_cast<Design&>(d)).energy_pj;
    return v < 0 ? json(nullptr) : json(v);
  };
  out.push_back(std::move(e));
}

// The reference size SRAM-like storage costs are given at (hw/CostLaws.h: area ∝ capacity, access
// energy ∝ width × √capacity).
template <class Access>
void storageReference(std::vector<FieldSpec>& out, const std::string& prefix, Access access) {
  out.push_back(integer(prefix + ".reference_bytes", "bytes", 0, 1 << 30,
                        "capacity at which the " + prefix + " cost fields are given; area ∝ bytes, access energy ∝ √bytes (0 = bytes)",
                        [access](Design& d) -> int& { return access(d).bytes; }));
  out.push_back(integer(prefix + ".reference_width_bits", "bits", 0, 1 << 16,
                        "access width at which the " + prefix + " cost fields are given; access energy ∝ width (0 = width_bits)",
                        [access](Design& d) -> int& { return access(d).width_bits; }));
}

std::vector<FieldSpec> build() {
  std::vector<FieldSpec> f;
  f.push_back(number("clock_ghz", "GHz", 1e-3, 100, "clock of the digital logic; every *_cycles field counts its periods",
                     [](Design& d) -> double& { return d.clock_ghz; }));
  f.push_back(number("cost_clock_ghz", "GHz", 0, 100,
                     "clock at which the cost fields' powers convert to energies per event (power × event cycles ÷ this clock); "
                     "0 = clock_ghz. Changing clock_ghz then changes timing, not the energy of an event",
                     [](Design& d) -> double& { return d.cost_clock_ghz; }));
  f.push_back(number("technology_nm", "nm", 1, 1000, "process node (informative; the cost fields carry its effect)",
                     [](Design& d) -> double& { return d.technology_nm; }));
  // 65,536 isaac tiles are 24,400 mm², 28 reticles of 858 mm²: beyond any chip, while the NoC engine's
  // state still grows with the mesh (2^20 tiles: 1.9 GB).
  {
    FieldSpec t = integer("tiles", "", 1, 1 << 16,
                          "tiles on the chip (at most 65,536: 28 reticles of isaac tiles); \"fit\": the smallest chip that holds "
                          "the mapped model, mapped within the tile count set before (e.g. the preset's)",
                          [](Design& d) -> int& { return d.tiles; });
    t.choices = {"fit"};
    t.set = [](Design& d, const json& v) {
      if (v.is_string()) {
        d.fit_tiles = true;
      } else {
        d.tiles = v.get<int>();
        d.fit_tiles = false;
      }
    };
    t.get = [](const Design& d) { return d.fit_tiles ? json("fit") : json(d.tiles); };
    f.push_back(std::move(t));
  }
  {
    FieldSpec e{"weight_encoding", "enum", "", 0, 0, {"offset"},
                "signed weights stored as w + 2^(w-1), corrected digitally (differential encoding: not yet modelled)", {}, {}};
    e.set = [](Design& d, const json&) { d.weight_encoding = hw::WeightEncoding::Offset; };
    e.get = [](const Design&) { return json("offset"); };
    f.push_back(std::move(e));
  }
  f.push_back(integer("crossbar.rows", "", 1, 4096, "R: word lines per crossbar", [](Design& d) -> int& { return d.crossbar.rows; }));
  f.push_back(integer("crossbar.cols", "", 1, 4096, "C: bit lines per crossbar", [](Design& d) -> int& { return d.crossbar.cols; }));
  f.push_back(integer("crossbar.cell_bits", "bits", 1, 8, "c: bits stored per ReRAM cell", [](Design& d) -> int& { return d.crossbar.cell_bits; }));
  f.push_back(integer("crossbar.read_cycles", "cycles", 1, 1 << 24, "t_read: one input slice drives the rows until the columns settle",
                      [](Design& d) -> int& { return d.crossbar.read_cycles; }));
  f.push_back(integer("crossbar.reference_rows", "", 1, 4096, "rows of the array the crossbar cost fields are given for; area, power and read energy ∝ rows × cols",
                      [](Design& d) -> int& { return d.crossbar.reference_rows; }));
  f.push_back(integer("crossbar.reference_cols", "", 1, 4096, "columns of the array the crossbar cost fields are given for",
                      [](Design& d) -> int& { return d.crossbar.reference_cols; }));
  cost(f, "crossbar", "crossbar at reference_rows × reference_cols", "one input slice read", [](Design& d) -> ComponentCost& { return d.crossbar.cost; });
  f.push_back(integer("crossbar.write_cycles_per_row", "cycles", 1, 1 << 24, "programming one row of cells at run time (dynamic operands)",
                      [](Design& d) -> int& { return d.crossbar.write_cycles_per_row; }));
  f.push_back(number("crossbar.write_energy_pj_per_row", "pJ", 0, kHuge, "energy of programming one row of crossbar.reference_cols cells; a row of crossbar.cols cells costs cols / reference_cols of it",
                     [](Design& d) -> double& { return d.crossbar.write_energy_pj_per_row; }));
  f.push_back(number("crossbar.endurance_writes", "writes", 1, 1e18, "writes a cell survives; the report estimates lifetime from it",
                     [](Design& d) -> double& { return d.crossbar.endurance_writes; }));
  f.push_back(integer("dac.bits", "bits", 1, 8, "d: input bits applied per slice", [](Design& d) -> int& { return d.dac.bits; }));
  f.push_back(integer("dac.reference_bits", "bits", 1, 8, "resolution at which the dac cost fields are given",
                      [](Design& d) -> int& { return d.dac.reference_bits; }));
  f.push_back(number("dac.scale_per_bit", "×", 1, 16, "DAC power, area and energy grow by this factor per bit above reference_bits",
                     [](Design& d) -> double& { return d.dac.scale_per_bit; }));
  cost(f, "dac", "DAC (one per row) at reference_bits", "one row driven for one slice", [](Design& d) -> ComponentCost& { return d.dac.cost; });
  cost(f, "sample_hold", "sample-and-hold (one per column)", "one column latched", [](Design& d) -> ComponentCost& { return d.sample_hold.cost; });
  f.push_back(integer("adc.bits", "bits", 1, 16, "b: ADC resolution", [](Design& d) -> int& { return d.adc.bits; }));
  f.push_back(integer("adc.adcs_per_group", "", 1, 4096, "ADCs converting one crossbar's columns in parallel (C / adcs_per_group columns share an ADC)",
                      [](Design& d) -> int& { return d.adc.adcs_per_group; }));
  f.push_back(integer("adc.crossbars_per_group", "", 1, 4096, "crossbars sharing one ADC group (must divide pe.crossbars)",
                      [](Design& d) -> int& { return d.adc.crossbars_per_group; }));
  f.push_back(integer("adc.conversion_cycles", "cycles", 1, 1 << 20,
                      "t_adc at reference_bits: one conversion (sar: × bits / reference_bits, rounded up; flash: at any bits)",
                      [](Design& d) -> int& { return d.adc.conversion_cycles; }));
  {
    FieldSpec e{"adc.kind", "enum", "", 0, 0, {"sar", "flash"},
                "ADC architecture: sar resolves one bit per step (conversion time ∝ bits); flash converts in one step", {}, {}};
    e.set = [](Design& d, const json& v) { d.adc.kind = v.get<std::string>() == "sar" ? hw::AdcKind::Sar : hw::AdcKind::Flash; };
    e.get = [](const Design& d) { return json(d.adc.kind == hw::AdcKind::Sar ? "sar" : "flash"); };
    f.push_back(std::move(e));
  }
  {
    FieldSpec e{"adc.loss_mode", "enum", "", 0, 0, {"clip", "drop-lsb"},
                "what a too-narrow ADC does: saturate at 2^b-1, or keep the top b bits of the column's range", {}, {}};
    e.set = [](Design& d, const json& v) {
      d.adc.loss_mode = v.get<std::string>() == "clip" ? hw::AdcLossMode::Clip : hw::AdcLossMode::DropLsb;
    };
    e.get = [](const Design& d) { return json(d.adc.loss_mode == hw::AdcLossMode::Clip ? "clip" : "drop-lsb"); };
    f.push_back(std::move(e));
  }
  f.push_back(integer("adc.reference_conversion_cycles", "cycles", 0, 1 << 20,
                      "t_adc at which the adc cost fields are given: a conversion's energy holds at another conversion_cycles, "
                      "and its power at full rate scales by reference / the conversion time at adc.bits (0 = conversion_cycles)",
                      [](Design& d) -> int& { return d.adc.reference_conversion_cycles; }));
  f.push_back(integer("adc.reference_bits", "bits", 1, 16, "resolution at which the adc cost fields are given",
                      [](Design& d) -> int& { return d.adc.reference_bits; }));
  f.push_back(number("adc.scale_per_bit", "×", 1, 16, "ADC power, area and energy grow by this factor per bit above reference_bits",
                     [](Design& d) -> double& { return d.adc.scale_per_bit; }));
  cost(f, "adc", "ADC at reference_bits", "one conversion", [](Design& d) -> ComponentCost& { return d.adc.cost; });
  f.push_back(integer("shift_add.units", "", 1, 4096, "S+A units per PE, one result per unit per cycle", [](Design& d) -> int& { return d.shift_add.units; }));
  f.push_back(integer("shift_add.latency_cycles", "cycles", 0, 1 << 20, "t_sa: S+A pipeline latency after a crossbar's last conversion",
                      [](Design& d) -> int& { return d.shift_add.latency_cycles; }));
  cost(f, "shift_add", "S+A unit", "one result shifted and accumulated", [](Design& d) -> ComponentCost& { return d.shift_add.cost; });
  for (auto [key, label] : {std::pair{"input_register", "input register (IR) of a PE"}, std::pair{"output_register", "output register (OR) of a PE"}}) {
    const bool in = std::string(key) == "input_register";
    auto reg = [in](Design& d) -> hw::RegisterParams& { return in ? d.input_register : d.output_register; };
    const std::string bounds = in ? "; each crossbar's share (bytes / pe.crossbars) holds the input vectors it has not "
                                    "yet read, and a full share stalls the dispatch"
                                  : "; holds the results of its crossbars' vectors from their last conversion until the "
                                    "drain takes them, and a full register stalls the conversion; results larger than it stream "
                                    "through, but a register narrower than one partial sum is refused (docs/timing-model.md)";
    f.push_back(integer(std::string(key) + ".bytes", "bytes", 1, 1 << 30, std::string("capacity of the ") + label + bounds,
                        [reg](Design& d) -> int& { return reg(d).bytes; }));
    f.push_back(integer(std::string(key) + ".width_bits", "bits", 1, 1 << 16, "bits per access",
                        [reg](Design& d) -> int& { return reg(d).width_bits; }));
    storageReference(f, key, [reg](Design& d) -> hw::StorageReference& { return reg(d).reference; });
    cost(f, key, std::string(label) + " at its reference size", "one access", [reg](Design& d) -> ComponentCost& { return reg(d).cost; });
  }
  f.push_back(integer("pe.crossbars", "", 1, 4096, "crossbars per PE", [](Design& d) -> int& { return d.pe.crossbars; }));
  cost(f, "pe.other", "PE's unitemised remainder", "none", [](Design& d) -> ComponentCost& { return d.pe.other; });
  f.push_back(integer("edram.bytes", "bytes", 1, 1 << 30, "tile buffer capacity", [](Design& d) -> int& { return d.edram.bytes; }));
  f.push_back(integer("edram.width_bits", "bits", 1, 1 << 16, "bits per eDRAM access", [](Design& d) -> int& { return d.edram.width_bits; }));
  f.push_back(integer("edram.access_cycles", "cycles", 1, 1 << 20, "the eDRAM port is busy this long per access",
                      [](Design& d) -> int& { return d.edram.access_cycles; }));
  f.push_back(integer("edram.op_buffer_samples", "samples", 1, 1 << 16,
                      "samples of an op's output its home eDRAM keeps until every consumer has taken them (at most what "
                      "the tile's eDRAM holds beside its tables and other buffers, docs/timing-model.md); a producer "
                      "with its buffer full stalls (HARDWARE.md §4). The same depth bounds the samples of partial sums "
                      "each copy of a pipelined MVM op keeps awaiting reduction (since 2026-12-05), at most what the eDRAM "
                      "of its reducers' tiles holds beside the rest (since 2026-12-06)",
                      [](Design& d) -> int& { return d.edram.op_buffer_samples; }));
  f.push_back(integer("edram.reference_access_cycles", "cycles", 0, 1 << 20,
                      "access_cycles at which the edram cost fields are given: an access's energy holds at another access_cycles, and its power at full rate scales by reference / access_cycles (0 = access_cycles)",
                      [](Design& d) -> int& { return d.edram.reference_access_cycles; }));
  storageReference(f, "edram", [](Design& d) -> hw::StorageReference& { return d.edram.reference; });
  cost(f, "edram", "tile eDRAM at its reference size", "one access", [](Design& d) -> ComponentCost& { return d.edram.cost; });
  f.push_back(integer("bus.width_bits", "bits", 1, 1 << 16, "tile bus width", [](Design& d) -> int& { return d.bus.width_bits; }));
  f.push_back(integer("bus.cycles_per_beat", "cycles", 1, 1 << 20, "cycles per bus beat", [](Design& d) -> int& { return d.bus.cycles_per_beat; }));
  f.push_back(integer("bus.reference_width_bits", "bits", 0, 1 << 16, "width at which the bus cost fields are given; area, power and beat energy ∝ width (0 = width_bits)",
                      [](Design& d) -> int& { return d.bus.reference_width_bits; }));
  f.push_back(integer("bus.reference_cycles_per_beat", "cycles", 0, 1 << 20,
                      "cycles_per_beat at which the bus cost fields are given: a beat's energy holds at another cycles_per_beat, and its power at full rate scales by reference / cycles_per_beat (0 = cycles_per_beat)",
                      [](Design& d) -> int& { return d.bus.reference_cycles_per_beat; }));
  cost(f, "bus", "tile bus at reference_width_bits", "one beat", [](Design& d) -> ComponentCost& { return d.bus.cost; });
  f.push_back(integer("vector_unit.lanes", "", 1, 1 << 16, "operations the tile's vector unit starts per op_cycles",
                      [](Design& d) -> int& { return d.vector_unit.lanes; }));
  f.push_back(integer("vector_unit.op_cycles", "cycles", 1, 1 << 20, "cycles per vector operation", [](Design& d) -> int& { return d.vector_unit.op_cycles; }));
  f.push_back(integer("vector_unit.reference_lanes", "", 0, 1 << 16, "lanes at which the vector_unit cost fields are given; area and power ∝ lanes (0 = lanes)",
                      [](Design& d) -> int& { return d.vector_unit.reference_lanes; }));
  f.push_back(integer("vector_unit.reference_op_cycles", "cycles", 0, 1 << 20,
                      "op_cycles at which the vector_unit cost fields are given: an operation's energy holds at another op_cycles, and its power at full rate scales by reference / op_cycles (0 = op_cycles)",
                      [](Design& d) -> int& { return d.vector_unit.reference_op_cycles; }));
  cost(f, "vector_unit", "tile vector unit at reference_lanes", "one lane operation", [](Design& d) -> ComponentCost& { return d.vector_unit.cost; });
  f.push_back(integer("tile.pes", "", 1, 4096, "PEs per tile", [](Design& d) -> int& { return d.tile.pes; }));
  cost(f, "tile.other", "tile's untimed extras (output register, pooling)", "none", [](Design& d) -> ComponentCost& { return d.tile.other; });
  f.push_back(integer("interconnect.concentration", "", 1, 64, "tiles per router", [](Design& d) -> int& { return d.interconnect.concentration; }));
  f.push_back(integer("interconnect.link_bits", "bits", 1, 1 << 16, "bus: bits per cycle between tiles", [](Design& d) -> int& { return d.interconnect.link_bits; }));
  f.push_back(integer("interconnect.latency_cycles", "cycles", 0, 1 << 20, "bus: head latency of a tile-to-tile transfer",
                      [](Design& d) -> int& { return d.interconnect.latency_cycles; }));
  cost(f, "interconnect.router", "router", "one flit through the router; bus: one link_bits beat", [](Design& d) -> ComponentCost& { return d.interconnect.router; });
  // --- mesh NoC (hw/noc/, docs/noc.md) ---
  {
    FieldSpec e{"interconnect.kind", "enum", "", 0, 0, {"bus", "mesh"},
                "bus: one shared medium of link_bits per cycle; mesh: XY-routed wormhole mesh of input-buffered routers with credits", {}, {}};
    e.set = [](Design& d, const json& v) {
      d.interconnect.kind = v.get<std::string>() == "mesh" ? hw::InterconnectKind::Mesh : hw::InterconnectKind::Bus;
    };
    e.get = [](const Design& d) { return json(d.interconnect.kind == hw::InterconnectKind::Mesh ? "mesh" : "bus"); };
    f.push_back(std::move(e));
  }
  f.push_back(integer("interconnect.flit_bits", "bits", 1, 1 << 16,
                      "mesh: flit and link width; a packet is one head flit plus ceil(payload_bits / flit_bits) body flits",
                      [](Design& d) -> int& { return d.interconnect.flit_bits; }));
  f.push_back(integer("interconnect.buffer_flits", "flits", 1, 1 << 16,
                      "mesh: depth of each router input buffer (credits per link); below router_cycles + 2 × link_cycles credits throttle a lone packet",
                      [](Design& d) -> int& { return d.interconnect.buffer_flits; }));
  f.push_back(integer("interconnect.router_cycles", "cycles", 1, 1 << 16, "mesh: pipeline latency of a flit through one router",
                      [](Design& d) -> int& { return d.interconnect.router_cycles; }));
  f.push_back(integer("interconnect.link_cycles", "cycles", 1, 1 << 16,
                      "mesh: latency of a flit or a credit over one link (the ejection channel to the tile included)",
                      [](Design& d) -> int& { return d.interconnect.link_cycles; }));
  f.push_back(integer("interconnect.reference_link_cycles", "cycles", 0, 1 << 16,
                      "mesh: link_cycles at which the link cost fields are given: a flit's energy holds at another link_cycles, and its power at full rate scales by reference / link_cycles (0 = link_cycles)",
                      [](Design& d) -> int& { return d.interconnect.reference_link_cycles; }));
  cost(f, "interconnect.link", "directed router-to-router link (mesh) at reference_width_bits", "one flit across the link",
       [](Design& d) -> ComponentCost& { return d.interconnect.link; });
  f.push_back(integer("interconnect.reference_width_bits", "bits", 0, 1 << 16,
                      "flit_bits (mesh) or link_bits (bus) at which the router and link cost fields are given (0 = this design's)",
                      [](Design& d) -> int& { return d.interconnect.reference_width_bits; }));
  f.push_back(integer("interconnect.reference_ports", "", 0, 1 << 10,
                      "router ports (4 neighbours + concentration) at which the router cost fields are given (0 = this design's)",
                      [](Design& d) -> int& { return d.interconnect.reference_ports; }));
  f.push_back(integer("interconnect.reference_buffer_flits", "flits", 0, 1 << 16,
                      "input-buffer depth at which the router cost fields are given (0 = this design's)",
                      [](Design& d) -> int& { return d.interconnect.reference_buffer_flits; }));
  f.push_back(number("interconnect.router_buffer_share", "", 0, 1,
                     "share of the reference router's area and flit energy in its input buffers (∝ ports × depth × width); "
                     "the rest is the switch (area ∝ (ports × width)², flit energy ∝ ports × width²)",
                     [](Design& d) -> double& { return d.interconnect.router_buffer_share; }));
  // --- end mesh NoC ---
  f.push_back(integer("offchip.bits_per_cycle", "bits", 1, 1 << 20, "off-chip bandwidth", [](Design& d) -> int& { return d.offchip.bits_per_cycle; }));
  f.push_back(integer("offchip.latency_cycles", "cycles", 0, 1 << 24, "off-chip access latency", [](Design& d) -> int& { return d.offchip.latency_cycles; }));
  f.push_back(number("offchip.energy_pj_per_bit", "pJ", 0, kHuge, "energy per bit moved on or off chip",
                     [](Design& d) -> double& { return d.offchip.energy_pj_per_bit; }));
  f.push_back(integer("offchip.capacity_mib", "MiB", 1, 1 << 30, "off-chip DRAM capacity (embedding tables too large for eDRAM live here)",
                      [](Design& d) -> int& { return d.offchip.capacity_mib; }));
  f.push_back(integer("offchip.max_requests", "", 1, 1 << 16,
                      "requests in flight at once; each holds the port for its serialisation, then waits latency_cycles",
                      [](Design& d) -> int& { return d.offchip.max_requests; }));
  f.push_back(integer("offchip.prefetch_samples", "samples", 1, 1 << 16,
                      "samples of graph input (and of embedding rows) fetched ahead of their consumer, at most what the "
                      "tile's eDRAM holds beside its tables and other buffers",
                      [](Design& d) -> int& { return d.offchip.prefetch_samples; }));
  cost(f, "offchip.io", "set of off-chip I/O links (one per chip)", "none", [](Design& d) -> ComponentCost& { return d.offchip.io; });
  return f;
}

}  // namespace

const std::vector<FieldSpec>& designSchema() {
  static const std::vector<FieldSpec> schema = build();
  return schema;
}

const FieldSpec* findDesignField(const std::string& path) {
  for (const auto& f : designSchema())
    if (f.path == path) return &f;
  return nullptr;
}

}  // namespace autorac::sim
