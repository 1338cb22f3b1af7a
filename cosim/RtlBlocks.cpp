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
#include "cosim/RtlRouter.h"
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

std::string routerBuildList() {
  std::string s;
  for (const auto& b : routerBuilds()) s += (s.empty() ? "" : "; ") + b.describe();
  return s;
}

}  // namespace

std::string rtlBlockHelp() {
  return "router: every mesh router is rtl/noc_router.sv, verilated, in place of hw::noc::Router. Verilated "
         "configurations: " + routerBuildList();
}

hw::BlockModels rtlBlocks(const std::vector<std::string>& names, const hw::Design& d, std::vector<std::string>& described) {
  hw::BlockModels blocks;
  for (const auto& name : names) {
    if (name != "router")
      throw InputError("--rtl", "block '" + name + "'", "no verilated twin runs inside the chip under that name; available: router");
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
                           std::to_string(d.interconnect.router_cycles) + "; the router is verilated only as " + routerBuildList() +
                           " (add a configuration in rtl/CMakeLists.txt and cosim/RtlBlocks.cpp)");
    blocks.router = build->factory();
    described.push_back("router: rtl/noc_router.sv verilated as " + build->describe());
  }
  return blocks;
}

}  // namespace autorac::cosim
