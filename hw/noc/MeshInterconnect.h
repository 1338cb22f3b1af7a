#pragma once
// The mesh NoC behind the Interconnect seam: MeshCore's routers, each a module reached only through a
// socket of its own (RouterUnit.h), one NetworkInterface per tile that its TilePort reaches over
// TLM-2.0 sockets and that reaches the mesh over another pair (NetworkInterface.h), and one SystemC
// process that steps the core. The process
// sleeps while the network is empty (no clock, no per-cycle cost) and, while it is not, wakes only at
// the cycles MeshCore::nextCycle() names. See docs/noc.md.
#include <memory>
#include <map>
#include <tuple>
#include <unordered_map>
#include <vector>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include "hw/Clock.h"
#include "hw/Design.h"
#include "hw/Interconnect.h"
#include "hw/noc/MeshCore.h"
#include "hw/noc/NetworkInterface.h"
#include "hw/noc/RouterUnit.h"

namespace autorac::hw::noc {

class MeshInterconnect : public sc_core::sc_module, public Interconnect {
public:
  // The design must be validated; it must outlive this module. Only the `attached` tiles get a port
  // and a network interface (all tiles when empty): idle tiles cost nothing to elaborate or tear down.
  // `clock` must outlive it too.
  // `make_router`: what models each router behind its unit's socket (empty: hw::noc::Router). Only
  // the routers the attached tiles' packets can cross (their XY routes) are elaborated.
  MeshInterconnect(sc_core::sc_module_name name, const Design& design, const Clock& clock,
                   const std::vector<TileId>& attached = {}, RouterFactory make_router = {});
  ~MeshInterconnect() override;

  // Sends one packet of `bits` through from's TilePort and NI; returns when its tail is ejected at `to`
  // (and its `values`, if any, have landed there: NetworkInterface.h).
  void transfer(TileId from, TileId to, int64_t bits, EventCounts& counts,
                const PacketValues* values = nullptr) override;
  // Exactly what a lone packet takes (MeshCore::idleCycles).
  int64_t idleTransferCycles(TileId from, TileId to, int64_t bits) const override;
  // Cycles in which at least one flit left a router somewhere in the mesh.
  uint64_t busyCycles() const override { return core_.stats().busy_cycles; }
  void forEachChannel(const std::function<void(const Channel&, uint64_t, uint64_t)>& f) const override {
    core_.forEachChannel(f);
  }
  uint64_t waitCycles() const override { return wait_cycles_; }
  uint64_t delayedTransfers() const override { return delayed_; }
  void trace(sc_core::sc_trace_file* tf) override;

  // Queues a packet at `from`'s NI in the current cycle; `ejected` (if not null) is notified when its
  // tail reaches `to`. What a packet from an NI does; tests may call it for open-loop traffic.
  // `values`: what the packet carries (held until its tail arrives, then delivered with it).
  void launch(TileId from, TileId to, int64_t bits, EventCounts* counts, sc_core::sc_event* ejected,
              const PacketValues& values = {});
  MeshCore& core() { return core_; }
  TilePort& port(TileId t);

private:
  using TargetSocket = tlm_utils::simple_target_socket_tagged<MeshInterconnect>;
  using InitiatorSocket = tlm_utils::simple_initiator_socket<MeshInterconnect>;
  // A packet from tile `from`'s NI: injected there, answered when its tail is ejected.
  void fromNi(int from, tlm::tlm_generic_payload& gp, sc_core::sc_time& delay);
  void run();
  void buildRouters(const std::vector<TileId>& tiles, const RouterFactory& make_model);
  std::unique_ptr<RouterModel> linkTo(RouterId r);  // MeshCore's router r: a link to its unit

  const Design& design_;
  const Clock& clock_;
  // Declared before the core, so that the links it holds never outlive their sockets.
  std::vector<std::unique_ptr<RouterUnit>> routers_;         // per router; null where no route crosses
  std::vector<std::unique_ptr<InitiatorSocket>> to_routers_;  // per router, bound to its unit's from_mesh
  // Its config's make_router hands out links to this mesh's router modules: never give that config to
  // another MeshCore (a scratch mesh, MeshCore::idleCycles), which would drive these routers.
  MeshCore core_;
  std::vector<std::unique_ptr<TilePort>> ports_;  // per tile; null where nothing is attached
  std::vector<std::unique_ptr<NetworkInterface>> nis_;
  std::vector<std::unique_ptr<TargetSocket>> from_nis_;     // per tile, bound to its NI's to_mesh
  std::vector<std::unique_ptr<InitiatorSocket>> to_nis_;    // per tile, bound to its NI's from_mesh
  struct InFlight {
    sc_core::sc_event* ejected = nullptr;  // who waits for its ejection, if anyone
    PacketValues values;                   // what it carries, if anything
  };
  std::unordered_map<uint64_t, InFlight> in_flight_;  // by MeshCore serial
  sc_core::sc_event work_;  // a packet was queued
  uint64_t wait_cycles_ = 0, delayed_ = 0;
  std::map<std::tuple<int, int, int64_t>, int64_t> idle_;  // lone-packet latency per (from, to, bits)
};

}  // namespace autorac::hw::noc
