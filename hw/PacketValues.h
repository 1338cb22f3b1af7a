#pragma once
// The values a transfer between tiles carries in a functional run (pimsim --functional): `count`
// int64 values read at the source from `values` and written, when the transfer arrives, into
// `landing`, the receiving tile's buffer (what the receiver then computes with). A timing run passes
// none: its transfers are sizes only. The modelled width is the transfer's bits, not these values'
// 64-bit storage.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <stdexcept>

namespace autorac::hw {

struct PacketValues {
  const int64_t* values = nullptr;
  int64_t* landing = nullptr;
  size_t count = 0;

  size_t bytes() const { return count * sizeof(int64_t); }
  // What a transfer within one tile, or a medium with no payload of its own, does on arrival. Values
  // with nowhere to land are a simulator bug, never dropped silently (the mesh refuses them too).
  void land() const {
    if (!count) return;
    if (!landing) throw std::logic_error("a transfer carries values but names no landing buffer");
    std::copy(values, values + count, landing);
  }
};

}  // namespace autorac::hw
