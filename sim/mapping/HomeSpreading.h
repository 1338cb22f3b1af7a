#pragma once
// The optimized mapper's second lever beside replication (docs/mapping.md): when the analytical
// interval is set by a shared unit that belongs to where ops are homed (a tile's eDRAM, bus or vector
// unit, a router's injection or ejection port, a mesh link), or the slowest op waits longest there
// (Estimate::pressed), it moves one op's home off that unit.
// Placement near the producer homes a whole chain on one tile; this undoes it where that tile limits.
#include <cstdint>

#include "hw/Design.h"
#include "sim/analytical/AnalyticalModel.h"
#include "sim/mapping/Mapping.h"
#include "sim/mapping/PeAllocator.h"

namespace autorac::sim {

// Tries the six ops homed on a tile of shared unit `unit` that move the most data through their home
// (embeddings whose table is in that tile's eDRAM stay), each at the homes of its crossbar groups, its
// producers and consumers, and the four tiles nearest its home off that unit. Keeps the best move by
// the analytical interval at `batch`, then the unit's load, the latency and the hops between
// producers and consumers, if it beats `e` (the estimate before, at `batch`) on that order and the
// eDRAM plan still fits. Returns whether it moved a home; false for a unit no home owns (the bus
// interconnect, the off-chip port, an ADC group).
bool moveHomeOff(const hw::Design& d, Mapping& m, const PeAllocator& pes, const SharedUnit& unit, const Estimate& e,
                 uint64_t batch);

}  // namespace autorac::sim
