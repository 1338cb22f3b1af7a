#include "cosim/RtlBlocks.h"

#include <memory>
#include <sstream>

#include "Vnoc_router.h"
#include "Vnoc_routerParams.h"
#include "Vnoc_router_b2r1.h"
#include "Vnoc_router_b2r1Params.h"
#include "Vnoc_router_f64.h"
#include "Vnoc_router_f64Params.h"
#include "Vnoc_router_max.h"
#include "Vnoc_router_maxParams.h"
#include "Vshift_add.h"
#include "Vshift_addParams.h"
#include "Vshift_add_d2c3.h"
#include "Vshift_add_d2c3Params.h"
#include "cosim/AdcSequencerRtl.h"
#include "cosim/RtlAdcGroup.h"
#include "cosim/RtlRouter.h"
#include "cosim/RtlShiftAdd.h"
#include "hw/noc/MeshTopology.h"
#include "traces/InputError.h"

namespace autorac::cosim {
namespace {

// One verilated router configuration (rtl/CMakeLists.txt).
struct RouterBuild {
  const char* model;
  int flit_bits, buffer_flits, router_cycles, coord_bits;
  hw::noc::RouterFactory (*factory)();

  bool fits(const hw::Design& d) const {
    return d.interconnect.flit_bits == flit_bits && d.interconnect.buffer_flits == buffer_flits &&
           d.interconnect.router_cycles == router_cycles;
  }
  std::string describe() const {
    std::ostringstream os;
    os << model << " (flit_bits " << flit_bits << ", buffer_flits " << buffer_flits << ", router_cycles " << router_cycles
       << ", meshes up to " << (1 << coord_bits) << " x " << (1 << coord_bits) << ")";
    return os.str();
  }
};

template <class Model, class Params>
RouterBuild routerBuild(const char* model) {
  return {model, Params::FLIT_BITS, Params::BUFFER_FLITS, Params::ROUTER_CYCLES, Params::COORD_BITS, [] {
            return hw::noc::RouterFactory([](hw::noc::RouterId r, const hw::noc::MeshTopology& topology) {
              return std::unique_ptr<hw::noc::RouterModel>(std::make_unique<RtlRouter<Model, Params>>(r, topology));
            });
          }};
}

const std::vector<RouterBuild>& routerBuilds() {
  static const std::vector<RouterBuild> builds = {
      routerBuild<Vnoc_router, Vnoc_routerParams>("Vnoc_router"),
      routerBuild<Vnoc_router_f64, Vnoc_router_f64Params>("Vnoc_router_f64"),
      routerBuild<Vnoc_router_b2r1, Vnoc_router_b2r1Params>("Vnoc_router_b2r1"),
      routerBuild<Vnoc_router_max, Vnoc_router_maxParams>("Vnoc_router_max")};
  return builds;
}

// "A (…); B (…)": every verilated configuration of a block, for help and error messages.
template <class Build>
std::string describeAll(const std::vector<Build>& builds) {
  std::string s;
  for (const auto& b : builds) s += (s.empty() ? "" : "; ") + b.describe();
  return s;
}

// One verilated S+A configuration (rtl/CMakeLists.txt).
struct ShiftAddBuild {
  const char* model;
  int adc_bits, dac_bits, cell_bits, in_slices, w_slices;
  std::shared_ptr<hw::ShiftAddModel> (*make)(const hw::Design&);

  bool fits(const hw::Design& d) const {
    return d.adc.bits == adc_bits && d.dac.bits == dac_bits && d.crossbar.cell_bits == cell_bits;
  }
  std::string describe() const {
    std::ostringstream os;
    os << model << " (adc.bits " << adc_bits << ", dac.bits " << dac_bits << ", cell_bits " << cell_bits << ", up to "
       << in_slices << " input and " << w_slices << " weight slices)";
    return os.str();
  }
};

template <class Model, class Params>
ShiftAddBuild shiftAddBuild(const char* model) {
  return {model, Params::ADC_BITS, Params::DAC_BITS, Params::CELL_BITS, Params::IN_SLICES, Params::W_SLICES,
          [](const hw::Design& d) { return std::shared_ptr<hw::ShiftAddModel>(std::make_shared<RtlShiftAdd<Model, Params>>(d)); }};
}

const std::vector<ShiftAddBuild>& shiftAddBuilds() {
  static const std::vector<ShiftAddBuild> builds = {shiftAddBuild<Vshift_add, Vshift_addParams>("Vshift_add"),
                                                    shiftAddBuild<Vshift_add_d2c3, Vshift_add_d2c3Params>("Vshift_add_d2c3")};
  return builds;
}

void addRouter(const hw::Design& d, hw::BlockModels& blocks, std::vector<std::string>& described) {
  if (d.interconnect.kind != hw::InterconnectKind::Mesh)
    throw InputError("--rtl", "design field 'interconnect.kind'", "--rtl router needs a mesh interconnect; design '" + d.name + "' has none");
  const hw::noc::MeshTopology topology(d);
  const RouterBuild* build = nullptr;
  for (const auto& b : routerBuilds())
    if (b.fits(d) && topology.columns() <= (1 << b.coord_bits) && topology.rows() <= (1 << b.coord_bits)) {
      build = &b;
      break;
    }
  if (!build)
    throw InputError("--rtl", "design fields 'interconnect.flit_bits', 'interconnect.buffer_flits', 'interconnect.router_cycles'",
                     "design '" + d.name + "' has a " + std::to_string(topology.columns()) + " x " + std::to_string(topology.rows()) +
                         " mesh of routers with flit_bits " + std::to_string(d.interconnect.flit_bits) + ", buffer_flits " +
                         std::to_string(d.interconnect.buffer_flits) + ", router_cycles " +
                         std::to_string(d.interconnect.router_cycles) + "; the router is verilated only as " + describeAll(routerBuilds()) +
                         " (add a configuration in rtl/CMakeLists.txt and cosim/RtlBlocks.cpp)");
  blocks.router = build->factory();
  described.push_back("router: rtl/noc_router.sv verilated as " + build->describe());
}

void addShiftAdd(const hw::Design& d, hw::BlockModels& blocks, std::vector<std::string>& described) {
  const ShiftAddBuild* build = nullptr;
  for (const auto& b : shiftAddBuilds())
    if (b.fits(d)) {
      build = &b;
      break;
    }
  if (!build)
    throw InputError("--rtl", "design fields 'adc.bits', 'dac.bits', 'crossbar.cell_bits'",
                     "design '" + d.name + "' has adc.bits " + std::to_string(d.adc.bits) + ", dac.bits " +
                         std::to_string(d.dac.bits) + ", cell_bits " + std::to_string(d.crossbar.cell_bits) +
                         "; the S+A is verilated only as " + describeAll(shiftAddBuilds()) +
                         " (add a configuration in rtl/CMakeLists.txt and cosim/RtlBlocks.cpp)");
  blocks.shift_add = build->make(d);
  described.push_back("sa: rtl/shift_add.sv verilated as " + build->describe() + ", the functional datapath's shift-and-add");
}

void addAdcSequencer(const hw::Design& d, hw::BlockModels& blocks, std::vector<std::string>& described) {
  // The sequencer has no S+A: a conversion it grants starts at once. The PE's S+A pool must therefore
  // never make a granted conversion wait, i.e. serve every ADC group at once.
  if (d.shiftAddSlots() / d.adc.adcs_per_group < d.adcGroupsPerPe())
    throw InputError("--rtl adcseq", "design field 'shift_add.units'",
                     "design '" + d.name + "''s S+A pool serves " + std::to_string(d.shiftAddSlots() / d.adc.adcs_per_group) +
                         " of a PE's " + std::to_string(d.adcGroupsPerPe()) +
                         " ADC groups at once, so a granted conversion may wait for it; the sequencer RTL has no S+A");
  const std::string build = adcSequencerBuildFor(d);
  if (build.empty())
    throw InputError("--rtl", "design fields 'adc.crossbars_per_group', 'adc.adcs_per_group', 'adc.conversion_cycles'",
                     "design '" + d.name + "' shares each ADC group of " + std::to_string(d.adc.adcs_per_group) + " ADCs among " +
                         std::to_string(d.adc.crossbars_per_group) + " crossbars at t_adc " + std::to_string(d.adcConversionCycles()) +
                         " cycles with " + std::to_string(d.crossbar.cols) + " columns; the sequencer is verilated only as " +
                         adcSequencerBuilds() + " (add a configuration in rtl/CMakeLists.txt and cosim/AdcSequencerRtl.cpp)");
  blocks.adc_group = rtlAdcGroups();
  described.push_back("adcseq: rtl/adc_share_sequencer.sv verilated as " + build + ", every ADC group of every PE");
}

}  // namespace

std::string rtlBlockHelp() {
  return "router: every mesh router is rtl/noc_router.sv, verilated, in place of hw::noc::Router; verilated as " +
         describeAll(routerBuilds()) + ". sa (with --functional): the arithmetic behind the functional datapath's S+A unit is rtl/shift_add.sv, "
         "verilated, in place of hw::ShiftAdd; verilated as " + describeAll(shiftAddBuilds()) +
         ". adcseq: every ADC group is rtl/adc_share_sequencer.sv, verilated, in place of hw::ResourceAdcGroup; "
         "verilated as " + adcSequencerBuilds() + ".";
}

hw::BlockModels rtlBlocks(const std::vector<std::string>& names, const hw::Design& d, std::vector<std::string>& described) {
  hw::BlockModels blocks;
  for (const auto& name : names) {
    if (name == "router")
      addRouter(d, blocks, described);
    else if (name == "sa")
      addShiftAdd(d, blocks, described);
    else if (name == "adcseq")
      addAdcSequencer(d, blocks, described);
    else
      throw InputError("--rtl", "block '" + name + "'", "no verilated twin runs inside the chip under that name; available: router, sa, adcseq");
  }
  return blocks;
}

}  // namespace autorac::cosim
