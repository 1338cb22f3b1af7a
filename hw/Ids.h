#pragma once
// Typed indices: a tile index cannot be passed where a PE or crossbar index is expected.
#include <cstdint>

namespace autorac::hw {

template <class Tag>
struct Index {
  int value = 0;
  constexpr Index() = default;
  constexpr explicit Index(int v) : value(v) {}
  friend bool operator==(Index a, Index b) { return a.value == b.value; }
  friend bool operator!=(Index a, Index b) { return a.value != b.value; }
  friend bool operator<(Index a, Index b) { return a.value < b.value; }
};

using TileId = Index<struct TileTag>;      // 0 .. design.tiles-1
using PeId = Index<struct PeTag>;          // within a tile
using CrossbarId = Index<struct XbarTag>;  // within a PE

struct CrossbarPlace {
  TileId tile;
  PeId pe;
  CrossbarId crossbar;
};

}  // namespace autorac::hw
