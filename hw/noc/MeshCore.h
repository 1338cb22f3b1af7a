#pragma once
// The cycle engine of the mesh NoC, in plain C++ (no SystemC): input-buffered wormhole routers with
// credit-based flow control and round-robin switch arbitration (one hw::noc::Router each, whose RTL
// twin is rtl/noc_router.sv), the links between them, and one network interface (NI) per tile with
// an unbounded source queue. MeshInterconnect drives it from a SystemC process, and there each router
// is a link to a router module built before the run (hw/noc/RouterUnit.h); the NoC benchmark and
// MeshInterconnect::idleTransferCycles drive it directly.
//
// Timing (all in cycles; R = router_cycles >= 1, L = link_cycles >= 1, B = buffer_flits):
//  - NI: a packet queued in cycle t has its head written into the router's local input buffer during
//    cycle t, one flit per cycle after that; the `concentration` NIs of a router share its local input
//    port (round robin between packets; a packet is written whole before the next starts). A flit is
//    written only while the local input buffer has a free slot.
//  - Router: a flit that entered an input buffer at cycle a may leave the router at a + R at the
//    earliest (route computation, switch allocation and traversal, pipelined). Each output sends at
//    most one flit per cycle and each input at most one. Wormhole: an output is held by one packet
//    from its head to its tail; when free, it is granted round robin among inputs whose ready head
//    flit routes to it. A flit leaves only if the output holds a credit.
//  - Link: a flit leaving at cycle d enters the next router's input buffer at d + L; the credit for the
//    slot it freed goes back upstream over the same distance (usable at d' + L where d' is when it
//    leaves the downstream router). Ejection is an output like the others: the flit reaches the
//    destination NI L cycles after leaving its last router; the NI sinks a flit per cycle.
// A lone packet of F flits over H routers thus takes H·(R + L) + F cycles from being queued to its
// tail reaching the destination NI, provided B >= R + 2L (the credit round trip; otherwise credits
// throttle it and idleCycles() simulates it).
//
// Evaluate/commit as in BookSim: a router first chooses, for every output, the input it serves this
// cycle, then moves the flits. Only routers with a buffered flit or a queued packet are stepped
// (`active`); nextCycle() tells the driver when the next one can act, so cycles in which every flit
// is still inside a router pipeline or on a link are skipped entirely.
#include <cstdint>
#include <deque>
#include <functional>
#include <limits>
#include <memory>
#include <vector>

#include "hw/Design.h"
#include "hw/EventCounts.h"
#include "hw/noc/MeshTopology.h"
#include "hw/noc/Router.h"
#include "hw/noc/RouterModel.h"
#include "hw/noc/TransferCost.h"

namespace autorac::hw::noc {

struct MeshConfig {
  int tiles = 64, concentration = 1;
  int flit_bits = 32, buffer_flits = 4, router_cycles = 1, link_cycles = 1;
  RouterFactory make_router;  // empty: every router is a hw::noc::Router (in the chip: links to router
                              // modules, hw/noc/RouterUnit.h)
  static MeshConfig fromDesign(const Design& d);
};

class MeshCore {
public:
  static constexpr int64_t kNever = std::numeric_limits<int64_t>::max();

  struct Completion {  // a packet whose tail reached its destination NI
    uint64_t serial;   // 0, 1, 2, ... in injection order: what inject() returned
    TileId from, to;
    int64_t payload_bits;
    uint32_t flits;
    int hops;                // routers passed
    int64_t queued_cycle;    // cycle inject() was given
    int64_t done_cycle;      // cycle the tail reached the NI
  };
  struct Ejection {  // one flit reaching its destination NI (for observers)
    uint64_t serial;
    uint32_t seq, flits;
    TileId to;
    int64_t cycle;
  };
  struct Stats {
    uint64_t packets_injected = 0, packets_completed = 0;
    uint64_t flits_injected = 0, flits_ejected = 0;
    uint64_t flit_hops = 0, link_flits = 0;
    uint64_t busy_cycles = 0;   // cycles in which at least one flit left a router
    uint64_t stepped_cycles = 0;
    int max_buffer_occupancy = 0;
  };

  explicit MeshCore(const MeshConfig& config);

  // Queues a packet at `from`'s NI in cycle `cycle` (>= every cycle already stepped). `counts`, if not
  // null, receives one flit_hop per router each flit leaves and one link_flit per router-to-router link.
  // Returns the packet's serial, which its Completion carries.
  uint64_t inject(TileId from, TileId to, int64_t payload_bits, int64_t cycle, EventCounts* counts);
  // The earliest cycle a step can change anything (kNever when the network and NIs are empty).
  int64_t nextCycle() const;
  // Advances one cycle; cycles must strictly increase. Completions of this cycle are appended to
  // completions() (their done_cycle is cycle + L).
  void step(int64_t cycle);
  std::vector<Completion>& completions() { return completions_; }
  bool idle() const { return active_.empty(); }

  void setEjectionObserver(std::function<void(const Ejection&)> f) { observer_ = std::move(f); }
  const Stats& stats() const { return stats_; }
  const MeshTopology& topology() const { return topo_; }
  const MeshConfig& config() const { return cfg_; }
  const int& flitsInNetwork() const { return flits_in_network_; }  // a reference, for sc_trace

  // Cycles a lone packet takes on an idle network, queued to tail ejected: H·(R+L) + F when
  // B >= R + 2L, else measured on a scratch network.
  static int64_t idleCycles(const MeshConfig& config, TileId from, TileId to, int64_t payload_bits);

  // Calls f(channel, flits, held) for every channel that carried a flit: a router's injection port,
  // each link, its ejection port. Flits are the channel's busy cycles (one a cycle). Held: the cycles
  // packets owned it, each from its head flit to its tail flit inclusive: flits plus the cycles it
  // stood idle mid-packet, because the packet's head waited further on and its flits backed up, or
  // credits ran out (wormhole blocking; docs/timing-model.md). An output waiting for a credit between
  // packets is owned by none, so not held. The channels are those the analytical model loads
  // (hw/noc/TransferCost.h), under the same names.
  template <class F>
  void forEachChannel(F&& f) const {
    for (size_t r = 0; r < routers_.size(); ++r) {
      const Node* n = routers_[r].get();
      if (!n) continue;
      const int at = int(r);
      if (n->injected_flits) f(Channel{Channel::Kind::Inject, at, 0}, n->injected_flits, n->inject_held_cycles);
      for (int o = 0; o < kPorts; ++o) {
        if (!n->sent_flits[o]) continue;
        if (o == kLocal) f(Channel{Channel::Kind::Eject, at, 0}, n->sent_flits[o], n->held_cycles[o]);
        else f(Channel{Channel::Kind::Link, at, topo_.neighbour(RouterId(at), Port(o)).value}, n->sent_flits[o], n->held_cycles[o]);
      }
    }
  }

private:
  struct Packet {
    uint64_t serial;
    TileId from, to;
    RouterId dst;
    int64_t payload_bits;
    uint32_t flits, next_eject;
    int hops;
    int64_t queued;
    EventCounts* counts;
  };
  struct Node {  // a router and the injection state of its NIs
    explicit Node(std::unique_ptr<RouterModel> r) : router(std::move(r)) {}
    std::unique_ptr<RouterModel> router;
    int inject_owner = -1;  // NI slot whose packet is being written into the local input
    int inject_rr = 0;
    int queued_packets = 0;  // packets waiting in this router's NIs
    int64_t next = kNever;
    bool active = false;
    uint64_t injected_flits = 0;           // flits its NIs wrote into the local input
    uint64_t sent_flits[kPorts] = {};      // flits that left through each output
    // Held cycles (forEachChannel): when the packet now owning each output sent its head through it
    // (for the injection port, when its NI wrote its head), and the sums so far.
    int64_t head_cycle[kPorts] = {}, inject_head_cycle = 0;
    uint64_t held_cycles[kPorts] = {}, inject_held_cycles = 0;
  };
  struct Ni {
    std::deque<uint32_t> queue;  // packet slots, front is being written
    uint32_t written = 0;        // flits of the front packet written so far
  };

  void activate(int r, int64_t at);
  void stepRouter(int r, int64_t t);
  void injectFlits(int r, int64_t t);
  void depart(int r, int in, int out, int64_t t);
  Flit flitFor(uint32_t packet, uint32_t seq, RouterId at) const;
  int64_t computeNext(int r, int64_t t);
  uint32_t newPacket();

  // Routers and NIs are created when traffic first reaches them, so the cost of a mesh follows the
  // routers the traffic crosses, not the chip's tile count (in the chip, a router's object is then a
  // link to its module, which MeshInterconnect built for the routes between the attached tiles).
  Node& node(int r);
  const Node& activeNode(int r) const { return *routers_[size_t(r)]; }  // r is in active_, so it exists
  Ni& ni(int tile);

  MeshConfig cfg_;
  MeshTopology topo_;
  std::vector<std::unique_ptr<Node>> routers_;
  std::vector<std::unique_ptr<Ni>> nis_;
  std::vector<Packet> packets_;
  std::vector<uint32_t> free_packets_;
  std::vector<int> active_;  // routers with work
  std::vector<Completion> completions_;
  std::function<void(const Ejection&)> observer_;
  Stats stats_;
  uint64_t next_serial_ = 0;
  int64_t last_step_ = -1;
  int flits_in_network_ = 0;
};

}  // namespace autorac::hw::noc
