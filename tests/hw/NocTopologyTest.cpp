// Mesh geometry, routing and the transfer costs the analytical model reads (plain C++, no simulation).
#include <gtest/gtest.h>

#include "hw/noc/MeshCore.h"
#include "hw/noc/MeshTopology.h"
#include "hw/noc/TransferCost.h"

namespace autorac::hw::noc {
namespace {

TEST(NocTopology, GridIsCeilSqrtColumnsOfConcentratedRouters) {
  const MeshTopology isaac(168, 4);  // 42 routers
  EXPECT_EQ(isaac.columns(), 7);
  EXPECT_EQ(isaac.rows(), 6);
  EXPECT_EQ(isaac.routerOf(TileId(167)).value, 41);
  const MeshTopology square(64, 1);
  EXPECT_EQ(square.columns(), 8);
  EXPECT_EQ(square.rows(), 8);
  EXPECT_EQ(square.links(), 2 * (7 * 8 + 7 * 8));
  const MeshTopology ragged(5, 1);  // 3 columns, the last row filled up with a tile-less router
  EXPECT_EQ(ragged.columns(), 3);
  EXPECT_EQ(ragged.rows(), 2);
  EXPECT_EQ(ragged.routers(), 6);
}

TEST(NocTopology, XyRoutingGoesAlongTheRowFirst) {
  const MeshTopology m(64, 1);
  const RouterId a(9), b(30);  // (1,1) -> (6,3)
  EXPECT_EQ(m.route(a, b), kEast);
  EXPECT_EQ(m.route(RouterId(14), b), kSouth);
  EXPECT_EQ(m.route(b, a), kWest);
  EXPECT_EQ(m.route(RouterId(25), a), kNorth);
  EXPECT_EQ(m.route(b, b), kLocal);
  EXPECT_EQ(m.hops(TileId(9), TileId(30)), 5 + 2 + 1);
  // From the ragged last row to a column it lacks: the fill router carries the packet.
  const MeshTopology ragged(5, 1);
  EXPECT_EQ(ragged.route(RouterId(4), RouterId(2)), kEast);
  EXPECT_EQ(ragged.neighbour(RouterId(4), kEast).value, 5);
}

TEST(NocTopology, IdleCostsFollowTheFormula) {
  Design d;
  d.tiles = 64;
  d.interconnect.kind = InterconnectKind::Mesh;
  d.interconnect.concentration = 4;  // 16 routers, 4x4
  d.interconnect.flit_bits = 32;
  d.interconnect.router_cycles = 3;
  d.interconnect.link_cycles = 2;
  d.interconnect.buffer_flits = 7;
  // Tile 0 at router 0 (0,0), tile 63 at router 15 (3,3): 7 routers; 1000 bits = 1 + 32 flits.
  EXPECT_EQ(idleTransferCycles(d, TileId(0), TileId(63), 1000), 7 * (3 + 2) + 33);
  EXPECT_EQ(idleTransferCycles(d, TileId(0), TileId(3), 1), 1 * 5 + 2);  // same router
  EXPECT_EQ(idleTransferCycles(d, TileId(5), TileId(5), 1000), 0);
  EventCounts c;
  countTransfer(d, TileId(0), TileId(63), 1000, c);
  EXPECT_EQ(c.flit_hops, 33u * 7);
  EXPECT_EQ(c.link_flits, 33u * 6);
  const auto loads = transferChannelLoads(d, TileId(0), TileId(63), 1000);
  ASSERT_EQ(loads.size(), 8u);  // injection, 6 links, ejection
  EXPECT_EQ(loads.front().first, "noc_inject_r0");
  EXPECT_EQ(loads[1].first, "noc_link_r0_r1");
  EXPECT_EQ(loads.back().first, "noc_eject_r15");
  for (const auto& [_, cycles] : loads) EXPECT_EQ(cycles, 33);
  // With fewer buffer slots than the credit round trip the lone packet is throttled: measured instead.
  d.interconnect.buffer_flits = 2;
  EXPECT_GT(idleTransferCycles(d, TileId(0), TileId(63), 1000), 7 * 5 + 33);
}

TEST(NocCore, IdleNetworkIsNeverStepped) {
  MeshConfig cfg;  // 8x8, R = L = 1
  MeshCore core(cfg);
  EXPECT_EQ(core.nextCycle(), MeshCore::kNever);
  core.inject(TileId(0), TileId(63), 320, 1000, nullptr);
  EXPECT_EQ(core.nextCycle(), 1000);
  int64_t t = 0;
  while (core.completions().empty()) core.step(t = core.nextCycle());
  EXPECT_TRUE(core.idle());
  EXPECT_EQ(core.completions().front().done_cycle - 1000, 15 * 2 + 11);
  // Only the cycles in which something could move were stepped: not the 1000 idle ones before.
  EXPECT_LE(core.stats().stepped_cycles, uint64_t(15 * 2 + 11));
}

}  // namespace
}  // namespace autorac::hw::noc
