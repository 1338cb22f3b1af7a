#define SC_INCLUDE_DYNAMIC_PROCESSES
// The mesh NoC under SystemC, through the Interconnect seam and its TLM sockets: exact idle latency,
// fair sharing of a link, flit integrity, deadlock freedom under random traffic, and back-pressure;
// each router a module reached only through its socket (hw/noc/RouterUnit.h), elaborated only where
// the attached tiles' routes cross.
// Each test elaborates its own mesh, so each must run in a process of its own (ctest does that).
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <vector>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>

#include "hw/Clock.h"
#include "hw/noc/MeshInterconnect.h"
#include "hw/noc/Router.h"
#include "hw/noc/RouterUnit.h"
#include "hw/noc/TransferCost.h"
#include "hw/tlm/ProtocolChecker.h"

namespace autorac::hw::noc {
namespace {

// The test process's one simulation clock: 1 ns, so a cycle is a nanosecond.
const Clock& clock() {
  static const Clock c(sc_core::sc_time(1, sc_core::SC_NS));
  return c;
}

Design meshDesign(int tiles, int concentration, int buffer_flits, int router_cycles, int link_cycles) {
  Design d;
  d.tiles = tiles;
  d.interconnect.kind = InterconnectKind::Mesh;
  d.interconnect.concentration = concentration;
  d.interconnect.flit_bits = 32;
  d.interconnect.buffer_flits = buffer_flits;
  d.interconnect.router_cycles = router_cycles;
  d.interconnect.link_cycles = link_cycles;
  return d;
}

struct Transfer {
  int from, to;
  int64_t bits;
};

// Sends each transfer alone (the network drained in between) and checks its latency and events.
void expectIdleLatencies(const Design& d, const std::vector<Transfer>& transfers) {
  MeshInterconnect mesh("mesh", d, clock());
  const MeshTopology topo(d);
  const int64_t R = d.interconnect.router_cycles, L = d.interconnect.link_cycles;
  int done = 0;
  sc_core::sc_spawn([&] {
    for (const auto& x : transfers) {
      sc_core::wait(clock().cycles(500));
      EventCounts counts;
      const uint64_t start = clock().nowCycles();
      mesh.transfer(TileId(x.from), TileId(x.to), x.bits, counts);
      const int64_t took = int64_t(clock().nowCycles() - start);
      const int64_t hops = topo.hops(TileId(x.from), TileId(x.to));
      const int64_t flits = 1 + (x.bits + 31) / 32;
      EXPECT_EQ(took, hops * (R + L) + flits) << x.from << "->" << x.to << " " << x.bits << " bits";
      EXPECT_EQ(took, mesh.idleTransferCycles(TileId(x.from), TileId(x.to), x.bits));
      EXPECT_EQ(counts.flit_hops, uint64_t(flits * hops));
      EXPECT_EQ(counts.link_flits, uint64_t(flits * (hops - 1)));
      EventCounts predicted;
      countTransfer(d, TileId(x.from), TileId(x.to), x.bits, predicted);
      EXPECT_EQ(predicted.flit_hops, counts.flit_hops);
      EXPECT_EQ(predicted.link_flits, counts.link_flits);
      ++done;
    }
  });
  sc_core::sc_start();
  EXPECT_EQ(done, int(transfers.size()));
  EXPECT_EQ(mesh.port(TileId(transfers.back().to)).bitsReceived() > 0, true);
}

TEST(NocMesh, LonePacketLatencyIsHopsTimesRouterPlusLinkPlusFlits) {
  // 8x8 routers, 4 tiles each: tile t sits at router t / 4.
  const Design d = meshDesign(256, 4, 8, 2, 1);
  expectIdleLatencies(d, {{0, 1, 100},      // same router: one hop
                          {0, 255, 1000},   // corner to corner: 15 routers
                          {5, 77, 32},      // exactly one body flit
                          {200, 3, 33},     // 33 bits: two body flits
                          {40, 44, 4096},   // one hop east, a long packet
                          {130, 2, 1}});
}

TEST(NocMesh, LonePacketLatencyHoldsForSlowRoutersAndLinks) {
  const Design d = meshDesign(64, 1, 7, 3, 2);  // buffer = credit round trip, exactly
  expectIdleLatencies(d, {{0, 63, 512}, {63, 0, 8}, {9, 10, 96}, {27, 35, 2000}});
}

TEST(NocMesh, TwoFlowsThroughOneLinkShareItEqually) {
  // 4x4, one tile per router. Flow A: tile 0 -> 2, flow B: tile 1 -> 3; both need router 1's east link.
  const Design d = meshDesign(16, 1, 8, 2, 1);
  MeshInterconnect mesh("mesh", d, clock());
  const int64_t window_start = 2000, window_end = 22000;
  std::map<int, uint64_t> flits_at;  // destination tile -> flits ejected within the window
  mesh.core().setEjectionObserver([&](const MeshCore::Ejection& e) {
    if (e.cycle >= window_start && e.cycle < window_end) ++flits_at[e.to.value];
  });
  sc_core::sc_spawn([&] {
    for (int n = 0; n < 6000; ++n) {  // far more than the window can carry: both sources stay backlogged
      mesh.launch(TileId(0), TileId(2), 128, nullptr, nullptr);
      mesh.launch(TileId(1), TileId(3), 128, nullptr, nullptr);
    }
  });
  sc_core::sc_start(clock().cycles(window_end + 10));
  const double window = double(window_end - window_start);
  const double a = double(flits_at[2]) / window, b = double(flits_at[3]) / window;
  EXPECT_NEAR(a, 0.5, 0.015);
  EXPECT_NEAR(b, 0.5, 0.015);
  EXPECT_GT(a + b, 0.98);  // the shared link is kept busy
}

TEST(NocMesh, NoFlitIsLostDuplicatedOrReordered) {
  // Small buffers and a hot spot: lots of blocking, wormholes stretched across several routers.
  const Design d = meshDesign(32, 2, 2, 1, 1);
  MeshInterconnect mesh("mesh", d, clock());
  std::map<uint64_t, std::vector<uint32_t>> seqs;  // packet -> sequence numbers as ejected
  std::map<uint64_t, uint32_t> flits;
  mesh.core().setEjectionObserver([&](const MeshCore::Ejection& e) {
    seqs[e.serial].push_back(e.seq);
    flits[e.serial] = e.flits;
  });
  std::mt19937 rng(7);
  for (int src = 0; src < 32; ++src) {
    const unsigned seed = rng();
    sc_core::sc_spawn([&mesh, src, seed] {
      std::mt19937 r(seed);
      for (int n = 0; n < 40; ++n) {
        const int dst = (r() % 3 == 0) ? 0 : int(r() % 32);  // a third of the packets to tile 0
        mesh.launch(TileId(src), TileId(dst), int64_t(1 + r() % 300), nullptr, nullptr);
        sc_core::wait(clock().cycles(int64_t(r() % 8)));
      }
    });
  }
  sc_core::sc_start(clock().cycles(200000));
  EXPECT_EQ(seqs.size(), 32u * 40u);
  for (const auto& [serial, s] : seqs) {
    ASSERT_EQ(s.size(), flits[serial]) << "packet " << serial;
    for (uint32_t i = 0; i < s.size(); ++i) ASSERT_EQ(s[i], i) << "packet " << serial;
  }
  EXPECT_EQ(mesh.core().stats().flits_ejected, mesh.core().stats().flits_injected);
  EXPECT_LE(mesh.core().stats().max_buffer_occupancy, 2);
}

TEST(NocMesh, RandomTrafficOn8x8DeliversEveryFlitOnceWithoutDeadlock) {
  const Design d = meshDesign(64, 1, 4, 1, 1);
  MeshInterconnect mesh("mesh", d, clock());
  const MeshTopology topo(d);
  constexpr int kSendersPerTile = 3, kPacketsPerSender = 25;
  int finished = 0;
  uint64_t expected_hops = 0, expected_bits = 0;
  std::vector<uint64_t> bits_to(64, 0);
  std::vector<EventCounts> counts(64 * kSendersPerTile);
  std::mt19937 rng(2024);
  for (int src = 0; src < 64; ++src) {
    for (int k = 0; k < kSendersPerTile; ++k) {
      std::vector<Transfer> plan;
      for (int n = 0; n < kPacketsPerSender; ++n) {
        int dst = int(rng() % 64);
        if (dst == src) dst = (dst + 1) % 64;
        const int64_t bits = int64_t(1 + rng() % 700);
        plan.push_back({src, dst, bits});
        expected_hops += uint64_t((1 + (bits + 31) / 32) * topo.hops(TileId(src), TileId(dst)));
        expected_bits += uint64_t(bits);
        bits_to[size_t(dst)] += uint64_t(bits);
      }
      EventCounts* c = &counts[size_t(src * kSendersPerTile + k)];
      sc_core::sc_spawn([&mesh, &finished, plan, c] {
        for (const auto& x : plan) mesh.transfer(TileId(x.from), TileId(x.to), x.bits, *c);
        ++finished;
      });
    }
  }
  sc_core::sc_start(clock().cycles(1000000));  // far beyond what the traffic needs: a deadlock would show here
  EXPECT_EQ(finished, 64 * kSendersPerTile);
  const auto& s = mesh.core().stats();
  EXPECT_EQ(s.packets_injected, uint64_t(64 * kSendersPerTile * kPacketsPerSender));
  EXPECT_EQ(s.packets_completed, s.packets_injected);
  EXPECT_EQ(s.flits_ejected, s.flits_injected);
  EXPECT_EQ(mesh.core().flitsInNetwork(), 0);
  EXPECT_TRUE(mesh.core().idle());
  EventCounts total;
  for (const auto& c : counts) total += c;
  EXPECT_EQ(total.flit_hops, expected_hops);
  EXPECT_EQ(s.flit_hops, expected_hops);
  uint64_t received = 0;
  for (int t = 0; t < 64; ++t) {
    EXPECT_EQ(mesh.port(TileId(t)).bitsReceived(), bits_to[size_t(t)]) << "tile " << t;
    received += mesh.port(TileId(t)).bitsReceived();
  }
  EXPECT_EQ(received, expected_bits);
  // Quiescent: nothing stepped once the last packet was out (the engine sleeps on an empty network).
  EXPECT_LT(s.stepped_cycles, 1000000u);
}

TEST(NocMesh, OneFlitBufferBackPressuresUpstream) {
  // R = L = 1 and one slot per input: a slot is reused only after its credit's round trip of
  // R + 2L = 3 cycles, so a lone stream moves at a third of a flit per cycle.
  const Design d = meshDesign(16, 1, 1, 1, 1);
  MeshInterconnect mesh("mesh", d, clock());
  const int64_t bits = 32 * 60;  // 61 flits
  int64_t took = -1;
  sc_core::sc_spawn([&] {
    EventCounts c;
    const uint64_t start = clock().nowCycles();
    mesh.transfer(TileId(0), TileId(15), bits, c);  // 7 routers
    took = int64_t(clock().nowCycles() - start);
  });
  sc_core::sc_start();
  const int64_t unthrottled = 7 * 2 + 61;
  EXPECT_EQ(took, mesh.idleTransferCycles(TileId(0), TileId(15), bits));
  EXPECT_GE(took, 7 * 2 + 3 * 60);  // the tail leaves 3 cycles after the flit before it
  EXPECT_GT(took, unthrottled);
  EXPECT_EQ(mesh.core().stats().max_buffer_occupancy, 1);
}

TEST(NocMesh, ContendedEjectionStallsTheSendersInsteadOfDroppingFlits) {
  // Three sources into one tile: its ejection port (one flit per cycle) is the bottleneck, the
  // buffers behind it fill and the credits hold the senders back.
  const Design d = meshDesign(16, 1, 2, 1, 1);
  MeshInterconnect mesh("mesh", d, clock());
  std::vector<uint64_t> finish(3, 0);
  const int srcs[3] = {0, 3, 12};
  for (int k = 0; k < 3; ++k) {
    sc_core::sc_spawn([&, k] {
      EventCounts c;
      for (int n = 0; n < 50; ++n) mesh.transfer(TileId(srcs[k]), TileId(5), 32 * 9, c);  // 10 flits
      finish[size_t(k)] = clock().nowCycles();
    });
  }
  sc_core::sc_start();
  // 3 x 50 x 10 flits through one ejection port take at least 1500 cycles; all arrive.
  for (uint64_t f : finish) EXPECT_GT(f, 0u);
  EXPECT_GE(*std::max_element(finish.begin(), finish.end()), 1500u);
  EXPECT_EQ(mesh.port(TileId(5)).packetsReceived(), 150u);
  EXPECT_LE(mesh.core().stats().max_buffer_occupancy, 2);
  EXPECT_EQ(mesh.core().stats().flits_ejected, 1500u);
}

// Each channel's flits and held cycles after `core` has run dry, by name.
std::map<std::string, std::pair<uint64_t, uint64_t>> drainAndReadChannels(MeshCore& core) {
  for (int64_t t = core.nextCycle(); t != MeshCore::kNever; t = core.nextCycle()) core.step(t);
  std::map<std::string, std::pair<uint64_t, uint64_t>> out;
  core.forEachChannel([&](const Channel& c, uint64_t flits, uint64_t held) { out[c.name()] = {flits, held}; });
  return out;
}

TEST(NocMesh, AChannelNothingBlocksIsHeldForItsFlitsAlone) {
  // A lone 33-flit packet corner to corner on a 4x4 mesh: every channel of its route carries it
  // without a pause, so each is held exactly its 33 cycles.
  MeshCore core(MeshConfig::fromDesign(meshDesign(16, 1, 8, 1, 1)));
  core.inject(TileId(0), TileId(15), 32 * 32, 0, nullptr);  // a head flit and 32 body flits
  const auto channels = drainAndReadChannels(core);
  EXPECT_EQ(channels.size(), 8u);  // injection, 6 links, ejection
  for (const auto& [name, fh] : channels) {
    EXPECT_EQ(fh.first, 33u) << name;
    EXPECT_EQ(fh.second, 33u) << name;
  }
}

TEST(NocMesh, TwoNetworkInterfacesTakeTheirSharedInjectionPortInTurn) {
  // Two tiles on router 0 (concentration 2) each send a 33-flit packet to a tile of router 1 in the
  // same cycle. They share router 0's local input port: one packet is written whole, then the other,
  // and the port is owned only while a packet is being written, never while the second waits its
  // turn. Nothing downstream stalls either, so each channel is held its 66 flits' cycles and no more.
  MeshCore core(MeshConfig::fromDesign(meshDesign(8, 2, 8, 1, 1)));
  core.inject(TileId(0), TileId(2), 32 * 32, 0, nullptr);
  core.inject(TileId(1), TileId(3), 32 * 32, 0, nullptr);
  const auto ch = drainAndReadChannels(core);
  EXPECT_EQ(ch.size(), 3u);  // injection at router 0, its link to router 1, ejection there
  for (const char* c : {"noc_inject_r0", "noc_link_r0_r1", "noc_eject_r1"})
    EXPECT_EQ(ch.at(c), std::make_pair(uint64_t(66), uint64_t(66))) << c;
}

TEST(NocMesh, APacketWaitingForAnEjectionHoldsTheChannelsBehindIt) {
  // Two 33-flit packets reach router 0 in the same cycle, from tile 1 (east) and tile 4 (south), for
  // the same ejection port (R = L = 1, 8-flit buffers). One is ejected at once; the other's head waits
  // for the first's 33 flits. Only 8 of its flits fit in router 0's input buffer: its link sends
  // those, then stands owned and idle until its head is ejected and the freed slot's credit is back,
  // R + 2L cycles after the last of the first packet's flits would have let it go on. So the link is
  // held 33 − 8 + (R + 2L) = 28 cycles beyond its 33 flits. The ejection port never stalls
  // mid-packet. Meanwhile a third packet crosses router 1 eastwards (tile 0 -> 2), through other
  // outputs than the second one's, and nothing blocks it.
  MeshCore core(MeshConfig::fromDesign(meshDesign(16, 1, 8, 1, 1)));
  core.inject(TileId(1), TileId(0), 32 * 32, 0, nullptr);
  core.inject(TileId(4), TileId(0), 32 * 32, 0, nullptr);
  core.inject(TileId(0), TileId(2), 32 * 32, 0, nullptr);
  const auto ch = drainAndReadChannels(core);
  for (const char* c : {"noc_inject_r0", "noc_link_r0_r1", "noc_link_r1_r2", "noc_eject_r2"})
    EXPECT_EQ(ch.at(c), std::make_pair(uint64_t(33), uint64_t(33))) << c;
  EXPECT_EQ(ch.at("noc_eject_r0"), std::make_pair(uint64_t(66), uint64_t(66)));
  const auto east = ch.at("noc_link_r1_r0"), south = ch.at("noc_link_r4_r0");
  EXPECT_EQ(east.first, 33u);
  EXPECT_EQ(south.first, 33u);
  const auto& winner = east.second < south.second ? east : south;
  const auto& loser = east.second < south.second ? south : east;
  const std::string loser_source = east.second < south.second ? "noc_inject_r4" : "noc_inject_r1";
  EXPECT_EQ(winner.second, 33u);  // never blocked
  EXPECT_EQ(int64_t(loser.second) - int64_t(loser.first), 33 - 8 + (1 + 2 * 1));
  // Its flits back up past its own router's 8-flit buffer into the injection port too.
  EXPECT_GT(ch.at(loser_source).second, ch.at(loser_source).first);
}

// hw::noc::Router, counting what reaches it.
struct Counted final : RouterModel {
  Router r;
  uint64_t& calls;
  Counted(const Design& d, uint64_t& c) : r(d.interconnect.buffer_flits, d.interconnect.router_cycles), calls(c) {}
  void accept(int in, Flit f, int64_t entered) override { ++calls, r.accept(in, f, entered); }
  bool full(int in) const override { return r.full(in); }
  bool empty(int in) const override { return r.empty(in); }
  int occupancy(int in) const override { return r.occupancy(in); }
  const Flit& front(int in) const override { return r.front(in); }
  void returnCredit(int out, int64_t usable) override { ++calls, r.returnCredit(out, usable); }
  void allocate(int64_t t, int grant[kPorts]) override { ++calls, r.allocate(t, grant); }
  Flit depart(int in, int out) override { return ++calls, r.depart(in, out); }
};

// Every tile of `mesh` sends to every other at time 0; `took[k]` gets transfer k's end cycle.
void allToAll(MeshInterconnect& mesh, int tiles, std::vector<uint64_t>& took) {
  for (int a = 0; a < tiles; ++a)
    for (int b = 0; b < tiles; ++b)
      if (a != b) {
        const size_t k = took.size();
        took.push_back(0);
        sc_core::sc_spawn([&mesh, &took, a, b, k] {
          EventCounts counts;
          mesh.transfer(TileId(a), TileId(b), 256, counts);
          took[k] = clock().nowCycles();
        });
      }
}

TEST(RouterUnit, AModelBoundBehindTheSocketsSeesEveryCallAndTheMeshRunsAsWithThePlainRouter) {
  // Two meshes in one simulation, the same traffic on each: one with hw::noc::Router behind its
  // routers' sockets, one with a model that counts the calls reaching it. (The timing itself through
  // the sockets is checked against hand calculations by the tests above, against the RTL by
  // MixedLevelTest, and against the golden reports.)
  const Design d = meshDesign(9, 1, 2, 1, 1);
  uint64_t calls = 0;
  MeshInterconnect plain("plain", d, clock());
  MeshInterconnect counted("counted", d, clock(), {}, [&](RouterId, const MeshTopology&) {
    return std::unique_ptr<RouterModel>(std::make_unique<Counted>(d, calls));
  });
  tlmcheck::ProtocolChecker::instance().reset();
  std::vector<uint64_t> took_plain, took_counted;
  allToAll(plain, 9, took_plain);
  allToAll(counted, 9, took_counted);
  sc_core::sc_start();
  EXPECT_EQ(counted.core().stats().packets_completed, 72u);
  EXPECT_EQ(took_counted, took_plain);
  // Per flit hop: an accept, a share of a step, a departure, a credit (none for the local ports).
  EXPECT_GE(calls, 2 * counted.core().stats().flit_hops) << "calls did not reach the model bound behind the sockets";
  EXPECT_EQ(tlmcheck::ProtocolChecker::instance().violations(), 0u);
  // The routers' calls are transactions, checked as every other: at least one per flit a router accepts.
  EXPECT_GE(tlmcheck::ProtocolChecker::instance().transactions(), plain.core().stats().flit_hops + counted.core().stats().flit_hops);
}

// What a router module answers a payload that is not a call: the base protocol's own errors.
struct RouterProbe : sc_core::sc_module {
  tlm_utils::simple_initiator_socket<RouterProbe> out{"out"};
  explicit RouterProbe(sc_core::sc_module_name n) : sc_module(n) {}
  tlm::tlm_response_status send(tlm::tlm_generic_payload& gp) {
    sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
    gp.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    out->b_transport(gp, delay);
    return gp.get_response_status();
  }
};

TEST(RouterUnit, APayloadThatIsNotACallGetsTheBaseProtocolsError) {
  RouterProbe probe("probe");
  RouterUnit unit("router", std::make_unique<Router>(2, 1));
  probe.out.bind(unit.from_mesh);
  sc_core::sc_start(sc_core::SC_ZERO_TIME);
  unsigned char byte = 0;
  tlm::tlm_generic_payload write;
  write.set_command(tlm::TLM_WRITE_COMMAND), write.set_data_ptr(&byte), write.set_data_length(1), write.set_streaming_width(1);
  EXPECT_EQ(probe.send(write), tlm::TLM_COMMAND_ERROR_RESPONSE);
  tlm::tlm_generic_payload with_data;
  with_data.set_command(tlm::TLM_IGNORE_COMMAND), with_data.set_data_ptr(&byte), with_data.set_data_length(1);
  EXPECT_EQ(probe.send(with_data), tlm::TLM_BURST_ERROR_RESPONSE);
  tlm::tlm_generic_payload no_call;
  no_call.set_command(tlm::TLM_IGNORE_COMMAND);
  EXPECT_EQ(probe.send(no_call), tlm::TLM_GENERIC_ERROR_RESPONSE);
  // A call is answered: an empty router's step grants nothing.
  RouterCall call;
  tlm::tlm_generic_payload step;
  step.set_command(tlm::TLM_IGNORE_COMMAND);
  step.set_extension(&call);
  EXPECT_EQ(probe.send(step), tlm::TLM_OK_RESPONSE);
  step.clear_extension(&call);
  for (int g : call.grant) EXPECT_EQ(g, -1);
}

TEST(RouterUnit, OnlyTheRoutersTheAttachedTilesRoutesCrossAreElaborated) {
  // A 4 x 4 mesh with tiles 1 (x 1, y 0) and 14 (x 2, y 3) attached: routes run along rows 0 and 3
  // between columns 1 and 2, and along columns 1 and 2 between rows 0 and 3.
  const Design d = meshDesign(16, 1, 2, 1, 1);
  MeshInterconnect mesh("mesh", d, clock(), {TileId(1), TileId(14)});
  std::set<std::string> routers;
  for (const sc_core::sc_object* o : mesh.get_child_objects())
    if (std::string(o->basename()).rfind("router", 0) == 0) routers.insert(o->basename());
  EXPECT_EQ(routers, (std::set<std::string>{"router1", "router2", "router5", "router6", "router9", "router10", "router13", "router14"}));
  sc_core::sc_spawn([&] {
    EventCounts counts;
    mesh.transfer(TileId(1), TileId(14), 64, counts);
    mesh.transfer(TileId(14), TileId(1), 64, counts);
    EXPECT_EQ(counts.flit_hops, 2u * 3u * 5u);  // a head and 2 data flits through 5 routers each way (1, 2, 6, 10, 14; back 14, 13, 9, 5, 1)
  });
  sc_core::sc_start();
  EXPECT_EQ(mesh.core().stats().packets_completed, 2u);
}

// A functional run's values ride in the packet (a TLM write: NetworkInterface.h) and land in the
// receiver's buffer only when the tail arrives; two packets to one tile land each in its own buffer;
// a transfer within one tile lands at once.
TEST(MeshInterconnect, CarriedValuesLandInTheReceiversBufferWhenTheTailArrives) {
  const Design d = meshDesign(16, 1, 4, 1, 1);
  MeshInterconnect mesh("mesh", d, clock());
  const int64_t bits = 10 * 8;  // ten 8-bit values: 3 flits
  const int64_t idle = mesh.idleTransferCycles(TileId(0), TileId(15), bits);
  ASSERT_GT(idle, 4);
  const std::vector<int64_t> a = {1, -2, 3, -4, 5, -6, 7, -8, 9, -10}, b = {100, 200, 300};
  std::vector<int64_t> landed_a(a.size(), 0), landed_b(b.size(), 0), landed_local(b.size(), 0);
  uint64_t returned_at = 0;
  std::vector<int64_t> seen_before_arrival;
  sc_core::sc_spawn([&] {
    EventCounts counts;
    const PacketValues values{a.data(), landed_a.data(), a.size()};
    mesh.transfer(TileId(0), TileId(15), bits, counts, &values);
    returned_at = clock().nowCycles();
  });
  sc_core::sc_spawn([&] {
    EventCounts counts;
    const PacketValues values{b.data(), landed_b.data(), b.size()};
    mesh.transfer(TileId(12), TileId(15), 24, counts, &values);
  });
  sc_core::sc_spawn([&] {
    sc_core::wait(clock().cycles(idle - 3));
    seen_before_arrival = landed_a;
    EventCounts counts;
    const PacketValues values{b.data(), landed_local.data(), b.size()};
    mesh.transfer(TileId(7), TileId(7), 24, counts, &values);
    EXPECT_EQ(landed_local, b);  // within one tile: at once, taking no time
    EXPECT_EQ(clock().nowCycles(), uint64_t(idle - 3));
  });
  sc_core::sc_start();
  EXPECT_EQ(seen_before_arrival, std::vector<int64_t>(a.size(), 0)) << "landed before its tail arrived";
  EXPECT_GE(returned_at, uint64_t(idle));
  EXPECT_EQ(landed_a, a);
  EXPECT_EQ(landed_b, b);
  EXPECT_EQ(mesh.port(TileId(15)).valuesReceived(), a.size() + b.size());
  EXPECT_EQ(tlmcheck::ProtocolChecker::instance().violations(), 0u);
}

// A write whose extension names no landing buffer is a simulator bug: the tile refuses it, never
// dropping the values silently.
TEST(MeshInterconnect, AWriteWithoutALandingBufferIsRefused) {
  const Design d = meshDesign(4, 1, 4, 1, 1);
  MeshInterconnect mesh("mesh", d, clock());
  bool threw = false;
  sc_core::sc_spawn([&] {
    EventCounts counts;
    const std::vector<int64_t> v = {1, 2};
    const PacketValues values{v.data(), nullptr, v.size()};
    try {
      mesh.transfer(TileId(0), TileId(3), 16, counts, &values);
    } catch (const std::logic_error& e) {
      threw = std::string(e.what()).find("refused") != std::string::npos;
    }
  });
  try {
    sc_core::sc_start();
  } catch (const std::exception& e) {
    threw = threw || std::string(e.what()).find("refused") != std::string::npos;
  }
  EXPECT_TRUE(threw);
}

}  // namespace
}  // namespace autorac::hw::noc
