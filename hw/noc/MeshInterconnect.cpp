#define SC_INCLUDE_DYNAMIC_PROCESSES
#include "hw/noc/MeshInterconnect.h"

#include <stdexcept>
#include <string>

#include "hw/noc/TransferCost.h"

namespace autorac::hw::noc {

MeshInterconnect::MeshInterconnect(sc_core::sc_module_name name, const Design& design, const Clock& clock,
                                   const std::vector<TileId>& attached, RouterFactory make_router)
    : sc_module(name), design_(design), clock_(clock), core_([&] {
        MeshConfig c = MeshConfig::fromDesign(design);
        c.make_router = std::move(make_router);
        return c;
      }()) {
  ports_.resize(size_t(design.tiles));
  nis_.resize(size_t(design.tiles));
  std::vector<TileId> tiles = attached;
  if (tiles.empty())
    for (int t = 0; t < design.tiles; ++t) tiles.push_back(TileId(t));
  for (TileId t : tiles) {
    const std::string n = std::to_string(t.value);
    auto& port = ports_.at(size_t(t.value));
    auto& ni = nis_.at(size_t(t.value));
    port = std::make_unique<TilePort>(("port" + n).c_str(), t);
    ni = std::make_unique<NetworkInterface>(("ni" + n).c_str(), t, *this);
    port->to_network.bind(ni->from_tile);
    ni->to_tile.bind(port->from_network);
  }
  sc_core::sc_spawn([this] { run(); }, "engine");
}

TilePort& MeshInterconnect::port(TileId t) {
  TilePort* p = ports_.at(size_t(t.value)).get();
  if (!p) throw std::logic_error("mesh: tile " + std::to_string(t.value) + " has no network interface");
  return *p;
}

MeshInterconnect::~MeshInterconnect() = default;

void MeshInterconnect::transfer(TileId from, TileId to, int64_t bits, EventCounts& counts) {
  if (from == to || bits <= 0) return;
  port(from).send(to, bits, counts);
}

int64_t MeshInterconnect::idleTransferCycles(TileId from, TileId to, int64_t bits) const {
  return noc::idleTransferCycles(design_, from, to, bits);
}

void MeshInterconnect::launch(TileId from, TileId to, int64_t bits, EventCounts* counts, sc_core::sc_event* ejected) {
  core_.inject(from, to, bits, int64_t(clock_.nowCycles()), counts, ejected);
  work_.notify();
}

// Cycle t is stepped at simulated time t + 1: by then every packet queued during cycle t (in any delta
// cycle) is in the NI, so the outcome does not depend on the order SystemC runs processes in.
void MeshInterconnect::run() {
  for (;;) {
    const int64_t next = core_.nextCycle();
    if (next == MeshCore::kNever) {
      sc_core::wait(work_);
      continue;
    }
    const int64_t now = int64_t(clock_.nowCycles());
    if (next + 1 > now) {
      sc_core::wait(clock_.cycles(next + 1 - now), work_);  // a new packet may need an earlier step
      continue;
    }
    if (next + 1 < now) throw std::logic_error("mesh: engine fell behind simulated time");
    core_.step(next);
    for (const auto& c : core_.completions()) {
      // Queueing delay: what the packet took beyond a lone packet's latency on the same route.
      auto [it, fresh] = idle_.try_emplace({c.from.value, c.to.value, c.payload_bits}, 0);
      if (fresh) it->second = idleTransferCycles(c.from, c.to, c.payload_bits);
      const int64_t waited = c.done_cycle - c.queued_cycle - it->second;
      if (waited > 0) {
        wait_cycles_ += uint64_t(waited);
        ++delayed_;
      }
      nis_[size_t(c.to.value)]->eject(c, clock_.cycles(c.done_cycle - now));
    }
    core_.completions().clear();
  }
}

void MeshInterconnect::trace(sc_core::sc_trace_file* tf) {
  sc_core::sc_trace(tf, core_.flitsInNetwork(), std::string(name()) + ".flits_in_network");
}

}  // namespace autorac::hw::noc
