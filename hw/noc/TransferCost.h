#pragma once
// What one tile-to-tile transfer costs on the design's interconnect (bus or mesh) when nothing else is
// in flight: the latency, the events and the load on each channel that the SystemC interconnects
// produce for it (tests/hw/NocMeshTest checks they agree). The analytical model reads these, so it
// never needs an interconnect object.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "hw/BusTransfer.h"
#include "hw/Design.h"
#include "hw/EventCounts.h"
#include "hw/Ids.h"
#include "hw/noc/MeshTopology.h"

namespace autorac::hw::noc {

// Cycles from the transfer's start to its last bit at `to` (0 within a tile or for no bits).
int64_t idleTransferCycles(const Design& d, TileId from, TileId to, int64_t bits);
// Adds the transfer's interconnect events (flit_hops, link_flits) to `counts`.
void countTransfer(const Design& d, TileId from, TileId to, int64_t bits, EventCounts& counts);
// A channel a transfer passes: the bus interconnect's one medium, or on the mesh a router's
// injection port, a link between two routers, a router's ejection port.
struct Channel {
  enum class Kind : uint8_t { Interconnect, Inject, Link, Eject };
  Kind kind = Kind::Interconnect;
  int router = 0, next = 0;  // the router (a link: from `router` to `next`)
  // "interconnect", "noc_inject_r3", "noc_link_r3_r4", "noc_eject_r4".
  std::string name() const;
  // A number naming the channel uniquely (for keyed tables; name() for people).
  uint64_t key() const { return uint64_t(kind) << 48 | uint64_t(uint32_t(router)) << 24 | uint64_t(uint32_t(next)); }
};
// Calls f(channel, busy cycles) for each channel the transfer passes, in route order: the beats for
// the bus; for the mesh, its F flits on the source router's injection port, each link and the
// destination router's ejection port. Nothing within a tile or for no bits.
template <class F>
void forEachTransferChannel(const Design& d, TileId from, TileId to, int64_t bits, F&& f) {
  if (from == to || bits <= 0) return;
  if (d.interconnect.kind != InterconnectKind::Mesh) {
    f(Channel{}, BusTransfer(d, bits).beats);
    return;
  }
  const MeshTopology topo = MeshTopology::of(d);
  const int64_t flits = packetFlits(bits, d.interconnect.flit_bits);
  RouterId at = topo.routerOf(from);
  const RouterId dst = topo.routerOf(to);
  f(Channel{Channel::Kind::Inject, at.value, 0}, flits);
  for (Port p = topo.route(at, dst); p != kLocal; p = topo.route(at, dst)) {
    const RouterId next = topo.neighbour(at, p);
    f(Channel{Channel::Kind::Link, at.value, next.value}, flits);
    at = next;
  }
  f(Channel{Channel::Kind::Eject, dst.value, 0}, flits);
}
// The same as {name, cycles} pairs.
std::vector<std::pair<std::string, int64_t>> transferChannelLoads(const Design& d, TileId from, TileId to,
                                                                  int64_t bits);

}  // namespace autorac::hw::noc
