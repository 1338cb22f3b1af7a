#pragma once
// Where routers sit and how packets travel between them: a 2-D mesh of ceil(sqrt(R)) columns for
// R = ceil(tiles / concentration) routers, tile t attached to router t / concentration, dimension-order
// (XY) routing. Plain C++: the cycle engine (MeshCore), the SystemC wrapper (MeshInterconnect) and the
// analytical model all read the same geometry.
//
// When R is not a multiple of the column count, the last row is filled up with routers that have no
// tiles ("fill routers"): XY routing then always finds the column it turns in, and stays minimal and
// deadlock-free. Fill routers are counted by links() (they have links) but not by Design::routers().
#include <cstdint>

#include "hw/Design.h"
#include "hw/Ids.h"

namespace autorac::hw::noc {

using RouterId = Index<struct RouterTag>;

// Ports of a router. An input port is named after the side its flits come from, an output port after
// the side it sends to; a flit leaving through output East enters the east neighbour's input West.
enum Port : int { kLocal = 0, kEast = 1, kWest = 2, kSouth = 3, kNorth = 4 };
constexpr int kPorts = 5;
constexpr Port opposite(Port p) {
  return p == kEast ? kWest : p == kWest ? kEast : p == kSouth ? kNorth : p == kNorth ? kSouth : kLocal;
}

class MeshTopology {
public:
  MeshTopology(int tiles, int concentration);
  explicit MeshTopology(const Design& d) : MeshTopology(d.tiles, d.interconnect.concentration) {}
  // The same, from the last one this thread built for the same tiles and concentration: the analytical
  // model asks for it once per transfer it prices, thousands of times per mapping.
  static MeshTopology of(const Design& d) { return of(d.tiles, d.interconnect.concentration); }
  static MeshTopology of(int tiles, int concentration);

  int tiles() const { return tiles_; }
  int concentration() const { return concentration_; }
  int columns() const { return columns_; }
  int rows() const { return rows_; }
  int routers() const { return columns_ * rows_; }  // including fill routers
  int links() const;                                // directed router-to-router links

  RouterId routerOf(TileId t) const { return RouterId(t.value / concentration_); }
  int x(RouterId r) const { return r.value % columns_; }
  int y(RouterId r) const { return r.value / columns_; }
  // The neighbour beyond output `p` (p must not be kLocal and must lead inside the grid).
  RouterId neighbour(RouterId r, Port p) const;
  bool hasNeighbour(RouterId r, Port p) const;
  // XY routing: the output a packet for `dst` takes at `at` (kLocal once it has arrived).
  Port route(RouterId at, RouterId dst) const;
  // Routers a packet from `from` to `to` passes, source and destination router included (>= 1).
  int hops(TileId from, TileId to) const;

private:
  int tiles_, concentration_, columns_, rows_;
};

// Flits of a packet carrying `payload_bits`: one head flit (no payload) + ceil(payload_bits / flit_bits).
inline int64_t packetFlits(int64_t payload_bits, int flit_bits) {
  return 1 + (payload_bits + flit_bits - 1) / flit_bits;
}

}  // namespace autorac::hw::noc
