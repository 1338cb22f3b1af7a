#include "hw/noc/MeshTopology.h"

#include <cmath>
#include <cstdlib>
#include <stdexcept>
#include <string>

namespace autorac::hw::noc {

MeshTopology::MeshTopology(int tiles, int concentration) : tiles_(tiles), concentration_(concentration) {
  if (tiles < 1 || concentration < 1)
    throw std::invalid_argument("mesh: needs at least one tile and a concentration of at least 1");
  const int with_tiles = (tiles + concentration - 1) / concentration;
  columns_ = int(std::ceil(std::sqrt(double(with_tiles))));
  while (columns_ * columns_ < with_tiles) ++columns_;  // guard against rounding in sqrt
  while (columns_ > 1 && (columns_ - 1) * (columns_ - 1) >= with_tiles) --columns_;
  rows_ = (with_tiles + columns_ - 1) / columns_;
}

MeshTopology MeshTopology::of(int tiles, int concentration) {
  thread_local MeshTopology last(1, 1);
  if (last.tiles_ != tiles || last.concentration_ != concentration) last = MeshTopology(tiles, concentration);
  return last;
}

int MeshTopology::links() const { return 2 * ((columns_ - 1) * rows_ + (rows_ - 1) * columns_); }

bool MeshTopology::hasNeighbour(RouterId r, Port p) const {
  switch (p) {
    case kEast: return x(r) + 1 < columns_;
    case kWest: return x(r) > 0;
    case kSouth: return y(r) + 1 < rows_;
    case kNorth: return y(r) > 0;
    default: return false;
  }
}

RouterId MeshTopology::neighbour(RouterId r, Port p) const {
  if (!hasNeighbour(r, p)) throw std::logic_error("mesh: router " + std::to_string(r.value) + " has no such neighbour");
  switch (p) {
    case kEast: return RouterId(r.value + 1);
    case kWest: return RouterId(r.value - 1);
    case kSouth: return RouterId(r.value + columns_);
    default: return RouterId(r.value - columns_);
  }
}

Port MeshTopology::route(RouterId at, RouterId dst) const {
  if (x(dst) > x(at)) return kEast;
  if (x(dst) < x(at)) return kWest;
  if (y(dst) > y(at)) return kSouth;
  if (y(dst) < y(at)) return kNorth;
  return kLocal;
}

int MeshTopology::hops(TileId from, TileId to) const {
  const RouterId a = routerOf(from), b = routerOf(to);
  return std::abs(x(a) - x(b)) + std::abs(y(a) - y(b)) + 1;
}

}  // namespace autorac::hw::noc
