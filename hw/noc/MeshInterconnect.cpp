#define SC_INCLUDE_DYNAMIC_PROCESSES
#include "hw/noc/MeshInterconnect.h"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "hw/noc/TransferCost.h"
#include "hw/tlm/ProtocolChecker.h"

namespace autorac::hw::noc {

MeshInterconnect::MeshInterconnect(sc_core::sc_module_name name, const Design& design, const Clock& clock,
                                   const std::vector<TileId>& attached, RouterFactory make_router)
    : sc_module(name), design_(design), clock_(clock), core_([&] {
        MeshConfig c = MeshConfig::fromDesign(design);
        c.make_router = [this](RouterId r, const MeshTopology&) { return linkTo(r); };
        return c;
      }()) {
  ports_.resize(size_t(design.tiles));
  nis_.resize(size_t(design.tiles));
  from_nis_.resize(size_t(design.tiles));
  to_nis_.resize(size_t(design.tiles));
  std::vector<TileId> tiles = attached;
  if (tiles.empty())
    for (int t = 0; t < design.tiles; ++t) tiles.push_back(TileId(t));
  for (TileId t : tiles) {
    const std::string n = std::to_string(t.value);
    auto& port = ports_.at(size_t(t.value));
    auto& ni = nis_.at(size_t(t.value));
    port = std::make_unique<TilePort>(("port" + n).c_str(), t);
    ni = std::make_unique<NetworkInterface>(("ni" + n).c_str());
    port->to_network.bind(ni->from_tile);
    ni->to_tile.bind(port->from_network);
    auto& in = from_nis_.at(size_t(t.value));
    in = std::make_unique<TargetSocket>(("from_ni" + n).c_str());
    in->register_b_transport(this, &MeshInterconnect::fromNi, t.value);
    ni->to_mesh.bind(*in);
    auto& out = to_nis_.at(size_t(t.value));
    out = std::make_unique<InitiatorSocket>(("to_ni" + n).c_str());
    out->bind(ni->from_mesh);
  }
  buildRouters(tiles, make_router);
  sc_core::sc_spawn([this] { run(); }, "engine");
}

void MeshInterconnect::buildRouters(const std::vector<TileId>& tiles, const RouterFactory& make_model) {
  // An XY route runs along its source's row, then along its destination's column: every router a
  // packet between the tiles can cross lies on a row of one of them between the leftmost and the
  // rightmost, or on a column of one of them between the top and the bottom.
  const MeshTopology& topo = core_.topology();
  const int columns = topo.columns();
  std::vector<bool> row_used(size_t(topo.rows()), false), column_used(size_t(columns), false);
  int left = columns, right = -1, top = topo.rows(), bottom = -1;
  for (TileId t : tiles) {
    const RouterId r = topo.routerOf(t);
    const int x = topo.x(r), y = topo.y(r);
    row_used[size_t(y)] = column_used[size_t(x)] = true;
    left = std::min(left, x), right = std::max(right, x), top = std::min(top, y), bottom = std::max(bottom, y);
  }
  routers_.resize(size_t(topo.routers()));
  to_routers_.resize(size_t(topo.routers()));
  for (int y = 0; y < topo.rows(); ++y)
    for (int x = 0; x < columns; ++x) {
      const bool crossed = (row_used[size_t(y)] && x >= left && x <= right) || (column_used[size_t(x)] && y >= top && y <= bottom);
      if (!crossed) continue;
      const RouterId r(y * columns + x);
      const std::string n = std::to_string(r.value);
      auto& unit = routers_[size_t(r.value)];
      unit = std::make_unique<RouterUnit>(("router" + n).c_str(),
                                          make_model ? make_model(r, topo)
                                                     : std::make_unique<Router>(design_.interconnect.buffer_flits,
                                                                                design_.interconnect.router_cycles));
      auto& socket = to_routers_[size_t(r.value)];
      socket = std::make_unique<InitiatorSocket>(("to_router" + n).c_str());
      socket->bind(unit->from_mesh);
    }
}

std::unique_ptr<RouterModel> MeshInterconnect::linkTo(RouterId r) {
  InitiatorSocket* socket = to_routers_.at(size_t(r.value)).get();
  if (!socket)
    throw std::logic_error("mesh: a packet reached router " + std::to_string(r.value) +
                           ", which no route between the attached tiles crosses (not elaborated)");
  return std::make_unique<RouterLink>(*socket);
}

TilePort& MeshInterconnect::port(TileId t) {
  TilePort* p = ports_.at(size_t(t.value)).get();
  if (!p) throw std::logic_error("mesh: tile " + std::to_string(t.value) + " has no network interface");
  return *p;
}

MeshInterconnect::~MeshInterconnect() = default;

void MeshInterconnect::transfer(TileId from, TileId to, int64_t bits, EventCounts& counts, const PacketValues* values) {
  if (from == to || bits <= 0) {
    if (values) values->land();
    return;
  }
  port(from).send(to, bits, counts, values);
}

int64_t MeshInterconnect::idleTransferCycles(TileId from, TileId to, int64_t bits) const {
  return noc::idleTransferCycles(design_, from, to, bits);
}

void MeshInterconnect::launch(TileId from, TileId to, int64_t bits, EventCounts* counts, sc_core::sc_event* ejected,
                              const PacketValues& values) {
  const uint64_t serial = core_.inject(from, to, bits, int64_t(clock_.nowCycles()), counts);
  if (ejected || values.count) in_flight_.emplace(serial, InFlight{ejected, values});
  work_.notify();
}

void MeshInterconnect::fromNi(int from, tlm::tlm_generic_payload& gp, sc_core::sc_time& delay) {
  const auto* ext = gp.get_extension<PacketExtension>();
  if (!ext || delay != sc_core::SC_ZERO_TIME) {  // the NI synchronises before it sends
    gp.set_response_status(tlm::TLM_GENERIC_ERROR_RESPONSE);
    return;
  }
  // A write's data stay the sender's until the packet arrives (its call is blocked until then).
  PacketValues values;
  if (gp.is_write()) {
    values.values = reinterpret_cast<const int64_t*>(gp.get_data_ptr());
    values.count = gp.get_data_length() / sizeof(int64_t);
    values.landing = ext->landing;
  }
  sc_core::sc_event ejected;
  launch(TileId(from), TileId(int(gp.get_address())), ext->bits, ext->counts, &ejected, values);
  sc_core::wait(ejected);
  gp.set_response_status(tlm::TLM_OK_RESPONSE);
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
      // Delivered to the destination's NI (and on to its tile) with the time still to go until the
      // tail arrives; then the sender's call returns at that time.
      const sc_core::sc_time to_go = clock_.cycles(c.done_cycle - now);
      const auto flight = in_flight_.find(c.serial);
      const InFlight known = flight == in_flight_.end() ? InFlight{} : flight->second;
      if (flight != in_flight_.end()) in_flight_.erase(flight);
      PacketPayload p(c.from, c.payload_bits, nullptr, &known.values);
      sc_core::sc_time d = to_go;
      tlmcheck::checkedBTransport(*to_nis_[size_t(c.to.value)], p.gp, d, "MeshInterconnect.to_ni");
      if (p.gp.is_response_error())  // a simulator bug (a write without a landing buffer), never silent
        throw std::logic_error("mesh: tile " + std::to_string(c.to.value) + " refused a packet from tile " +
                               std::to_string(c.from.value) + " (" + p.gp.get_response_string() + ")");
      if (known.ejected) known.ejected->notify(to_go);
    }
    core_.completions().clear();
  }
}

void MeshInterconnect::trace(sc_core::sc_trace_file* tf) {
  sc_core::sc_trace(tf, core_.flitsInNetwork(), std::string(name()) + ".flits_in_network");
}

}  // namespace autorac::hw::noc
