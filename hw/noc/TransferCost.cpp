#include "hw/noc/TransferCost.h"

#include "hw/BusTransfer.h"
#include "hw/noc/MeshCore.h"
#include "hw/noc/MeshTopology.h"

namespace autorac::hw::noc {
namespace {

bool mesh(const Design& d) { return d.interconnect.kind == InterconnectKind::Mesh; }

}  // namespace

int64_t idleTransferCycles(const Design& d, TileId from, TileId to, int64_t bits) {
  if (from == to || bits <= 0) return 0;
  if (mesh(d)) return MeshCore::idleCycles(MeshConfig::fromDesign(d), from, to, bits);
  return BusTransfer(d, bits).idleCycles();
}

void countTransfer(const Design& d, TileId from, TileId to, int64_t bits, EventCounts& counts) {
  if (from == to || bits <= 0) return;
  if (!mesh(d)) {
    counts.flit_hops += BusTransfer(d, bits).flitHops();
    return;
  }
  const MeshTopology topo(d);
  const uint64_t flits = uint64_t(packetFlits(bits, d.interconnect.flit_bits));
  const uint64_t hops = uint64_t(topo.hops(from, to));
  counts.flit_hops += flits * hops;
  counts.link_flits += flits * (hops - 1);
}

std::vector<std::pair<std::string, int64_t>> transferChannelLoads(const Design& d, TileId from, TileId to,
                                                                  int64_t bits) {
  if (from == to || bits <= 0) return {};
  if (!mesh(d)) return {{"interconnect", BusTransfer(d, bits).beats}};
  const MeshTopology topo(d);
  const int64_t flits = packetFlits(bits, d.interconnect.flit_bits);
  RouterId at = topo.routerOf(from);
  const RouterId dst = topo.routerOf(to);
  std::vector<std::pair<std::string, int64_t>> loads{{"noc_inject_r" + std::to_string(at.value), flits}};
  for (Port p = topo.route(at, dst); p != kLocal; p = topo.route(at, dst)) {
    const RouterId next = topo.neighbour(at, p);
    loads.emplace_back("noc_link_r" + std::to_string(at.value) + "_r" + std::to_string(next.value), flits);
    at = next;
  }
  loads.emplace_back("noc_eject_r" + std::to_string(dst.value), flits);
  return loads;
}

}  // namespace autorac::hw::noc
