#pragma once
// What one tile-to-tile transfer costs on the design's interconnect (bus or mesh) when nothing else is
// in flight: the latency, the events and the load on each channel that the SystemC interconnects
// produce for it (tests/hw/NocMeshTest checks they agree). The analytical model reads these, so it
// never needs an interconnect object.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "hw/Design.h"
#include "hw/EventCounts.h"
#include "hw/Ids.h"

namespace autorac::hw::noc {

// Cycles from the transfer's start to its last bit at `to` (0 within a tile or for no bits).
int64_t idleTransferCycles(const Design& d, TileId from, TileId to, int64_t bits);
// Adds the transfer's interconnect events (flit_hops, link_flits) to `counts`.
void countTransfer(const Design& d, TileId from, TileId to, int64_t bits, EventCounts& counts);
// Cycles each channel the transfer passes is busy with it: {"interconnect", beats} for the bus; for
// the mesh, F flit-cycles on the source router's injection port, each link and the destination
// router's ejection port ("noc_inject_r3", "noc_link_r3_r4", "noc_eject_r4").
std::vector<std::pair<std::string, int64_t>> transferChannelLoads(const Design& d, TileId from, TileId to,
                                                                  int64_t bits);

}  // namespace autorac::hw::noc
