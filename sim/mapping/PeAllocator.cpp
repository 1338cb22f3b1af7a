#include "sim/mapping/PeAllocator.h"

#include <algorithm>
#include <numeric>

#include "hw/noc/MeshTopology.h"

namespace autorac::sim {

PeAllocator::PeAllocator(const hw::Design& d)
    : d_(d), used_(size_t(d.tiles) * size_t(d.tile.pes), false), edram_used_(size_t(d.tiles), 0),
      free_(int64_t(d.tiles) * d.tile.pes) {}

hw::TileId PeAllocator::cursorTile() const {
  return hw::TileId(int(std::min<int64_t>(cursor_ / d_.tile.pes, d_.tiles - 1)));
}

int PeAllocator::distance(hw::TileId a, hw::TileId b) const {
  if (a == b) return 0;
  if (d_.interconnect.kind != hw::InterconnectKind::Mesh) return 1;
  return hw::noc::MeshTopology::of(d_).hops(a, b);
}

std::vector<std::pair<hw::TileId, hw::PeId>> PeAllocator::takeInOrder(int64_t count) {
  std::vector<std::pair<hw::TileId, hw::PeId>> out;
  while (int64_t(out.size()) < count && cursor_ < int64_t(used_.size())) {
    if (!used_[size_t(cursor_)]) {
      used_[size_t(cursor_)] = true;
      --free_;
      out.push_back({hw::TileId(int(cursor_ / d_.tile.pes)), hw::PeId(int(cursor_ % d_.tile.pes))});
    }
    ++cursor_;
  }
  return out;
}

std::vector<std::pair<hw::TileId, hw::PeId>> PeAllocator::takeNear(hw::TileId anchor, int64_t count) {
  std::vector<int> tiles(size_t(d_.tiles));
  std::iota(tiles.begin(), tiles.end(), 0);
  std::stable_sort(tiles.begin(), tiles.end(), [&](int a, int b) {
    return distance(anchor, hw::TileId(a)) < distance(anchor, hw::TileId(b));
  });
  std::vector<std::pair<hw::TileId, hw::PeId>> out;
  for (int t : tiles)
    for (int p = 0; p < d_.tile.pes && int64_t(out.size()) < count; ++p) {
      const size_t g = size_t(t) * size_t(d_.tile.pes) + size_t(p);
      if (used_[g]) continue;
      used_[g] = true;
      --free_;
      out.push_back({hw::TileId(t), hw::PeId(p)});
    }
  return out;
}

std::vector<std::pair<hw::TileId, hw::PeId>> PeAllocator::takeOnIdleRouter(hw::TileId fallback, int64_t count) {
  const int conc = d_.interconnect.concentration;
  for (int first = 0; first < d_.tiles; first += conc) {
    bool idle = true;
    for (int t = first; t < std::min(first + conc, d_.tiles) && idle; ++t)
      for (int p = 0; p < d_.tile.pes; ++p)
        if (used_[size_t(t) * size_t(d_.tile.pes) + size_t(p)]) idle = false;
    if (idle) return takeNear(hw::TileId(first), count);
  }
  return takeNear(fallback, count);
}

void PeAllocator::release(const std::vector<std::pair<hw::TileId, hw::PeId>>& pes) {
  for (const auto& [t, p] : pes) {
    const size_t g = size_t(t.value) * size_t(d_.tile.pes) + size_t(p.value);
    if (used_[g]) ++free_;
    used_[g] = false;
  }
}

bool PeAllocator::reserveEdram(hw::TileId t, int64_t bytes) {
  if (edramFree(t) < bytes) return false;
  edram_used_[size_t(t.value)] += bytes;
  return true;
}

int64_t PeAllocator::edramFree(hw::TileId t) const { return d_.edram.bytes - edram_used_[size_t(t.value)]; }

int PeAllocator::tileWithEdram(hw::TileId anchor, int64_t bytes) const {
  int best = -1, best_distance = 0;
  for (int t = 0; t < d_.tiles; ++t) {
    if (edramFree(hw::TileId(t)) < bytes) continue;
    const int dist = distance(anchor, hw::TileId(t));
    if (best < 0 || dist < best_distance) best = t, best_distance = dist;
  }
  return best;
}

}  // namespace autorac::sim
