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
  const MeshTopology topo = MeshTopology::of(d);
  const uint64_t flits = uint64_t(packetFlits(bits, d.interconnect.flit_bits));
  const uint64_t hops = uint64_t(topo.hops(from, to));
  counts.flit_hops += flits * hops;
  counts.link_flits += flits * (hops - 1);
}

std::string Channel::name() const {
  switch (kind) {
    case Kind::Interconnect: return "interconnect";
    case Kind::Inject: return "noc_inject_r" + std::to_string(router);
    case Kind::Link: return "noc_link_r" + std::to_string(router) + "_r" + std::to_string(next);
    case Kind::Eject: return "noc_eject_r" + std::to_string(router);
  }
  return "";
}

std::vector<std::pair<std::string, int64_t>> transferChannelLoads(const Design& d, TileId from, TileId to,
                                                                  int64_t bits) {
  std::vector<std::pair<std::string, int64_t>> loads;
  forEachTransferChannel(d, from, to, bits, [&](const Channel& c, int64_t cycles) { loads.emplace_back(c.name(), cycles); });
  return loads;
}

}  // namespace autorac::hw::noc
