#pragma once
// Hands out free PEs of the chip: in order (naive), or nearest first to a tile (optimized: shorter
// NoC routes between communicating ops). Tracks each tile's eDRAM given over to embedding tables.
#include <cstdint>
#include <vector>

#include "hw/Design.h"
#include "hw/Ids.h"

namespace autorac::sim {

class PeAllocator {
public:
  explicit PeAllocator(const hw::Design& d);

  int64_t freePes() const { return free_; }
  // `count` free PEs: the next ones in chip order, starting on a fresh PE.
  std::vector<std::pair<hw::TileId, hw::PeId>> takeInOrder(int64_t count);
  // `count` free PEs, those on tiles nearest `anchor` first (ties: lower tile, lower PE).
  std::vector<std::pair<hw::TileId, hw::PeId>> takeNear(hw::TileId anchor, int64_t count);
  // `count` free PEs nearest the first tile of a router none of whose tiles has a PE taken (traffic
  // there shares no router with what is placed already); takeNear(fallback) when every router is busy.
  std::vector<std::pair<hw::TileId, hw::PeId>> takeOnIdleRouter(hw::TileId fallback, int64_t count);
  // Gives PEs back (a placement the mapper tried and dropped).
  void release(const std::vector<std::pair<hw::TileId, hw::PeId>>& pes);
  // The tile the in-order cursor is on (where naive places ops that need no crossbars).
  hw::TileId cursorTile() const;
  int distance(hw::TileId a, hw::TileId b) const;

  // eDRAM reserved for tables, per tile.
  bool reserveEdram(hw::TileId t, int64_t bytes);
  int64_t edramFree(hw::TileId t) const;
  // A tile near `anchor` with `bytes` of eDRAM free, or -1.
  int tileWithEdram(hw::TileId anchor, int64_t bytes) const;

private:
  const hw::Design& d_;
  std::vector<bool> used_;  // per global PE
  std::vector<int64_t> edram_used_;
  int64_t cursor_ = 0, free_ = 0;
};

}  // namespace autorac::sim
