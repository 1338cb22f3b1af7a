#include "hw/noc/MeshCore.h"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace autorac::hw::noc {

MeshConfig MeshConfig::fromDesign(const Design& d) {
  MeshConfig c;
  c.tiles = d.tiles;
  c.concentration = d.interconnect.concentration;
  c.flit_bits = d.interconnect.flit_bits;
  c.buffer_flits = d.interconnect.buffer_flits;
  c.router_cycles = d.interconnect.router_cycles;
  c.link_cycles = d.interconnect.link_cycles;
  return c;
}

MeshCore::MeshCore(const MeshConfig& config) : cfg_(config), topo_(config.tiles, config.concentration) {
  if (cfg_.flit_bits < 1 || cfg_.buffer_flits < 1 || cfg_.router_cycles < 1 || cfg_.link_cycles < 1)
    throw std::invalid_argument("mesh: flit_bits, buffer_flits, router_cycles and link_cycles must be at least 1");
  routers_.resize(size_t(topo_.routers()));
  nis_.resize(size_t(cfg_.tiles));
}

MeshCore::Node& MeshCore::node(int r) {
  auto& n = routers_[size_t(r)];
  if (!n)
    n = std::make_unique<Node>(cfg_.make_router ? cfg_.make_router(RouterId(r), topo_)
                                                : std::make_unique<Router>(cfg_.buffer_flits, cfg_.router_cycles));
  return *n;
}

MeshCore::Ni& MeshCore::ni(int tile) {
  auto& n = nis_[size_t(tile)];
  if (!n) n = std::make_unique<Ni>();
  return *n;
}

uint32_t MeshCore::newPacket() {
  if (!free_packets_.empty()) {
    const uint32_t slot = free_packets_.back();
    free_packets_.pop_back();
    return slot;
  }
  packets_.emplace_back();
  return uint32_t(packets_.size() - 1);
}

void MeshCore::activate(int r, int64_t at) {
  Node& R = node(r);
  R.next = std::min(R.next, at);
  if (!R.active) {
    R.active = true;
    active_.push_back(r);
  }
}

uint64_t MeshCore::inject(TileId from, TileId to, int64_t payload_bits, int64_t cycle, EventCounts* counts) {
  if (from.value < 0 || from.value >= cfg_.tiles || to.value < 0 || to.value >= cfg_.tiles)
    throw std::out_of_range("mesh: tile " + std::to_string(from.value) + " -> " + std::to_string(to.value) +
                            " outside 0.." + std::to_string(cfg_.tiles - 1));
  if (cycle <= last_step_) throw std::logic_error("mesh: packet queued in a cycle already stepped");
  const int64_t flits = packetFlits(std::max<int64_t>(payload_bits, 0), cfg_.flit_bits);
  if (flits > int64_t(UINT32_MAX)) throw std::out_of_range("mesh: packet too long");
  const uint32_t slot = newPacket();
  const uint64_t serial = next_serial_++;
  packets_[slot] = Packet{serial, from, to, topo_.routerOf(to), payload_bits, uint32_t(flits), 0, topo_.hops(from, to), cycle, counts};
  ni(from.value).queue.push_back(slot);
  const int r = topo_.routerOf(from).value;
  ++node(r).queued_packets;
  activate(r, cycle);
  ++stats_.packets_injected;
  return serial;
}

int64_t MeshCore::nextCycle() const {
  int64_t n = kNever;
  for (int r : active_) n = std::min(n, activeNode(r).next);
  return n;
}

void MeshCore::step(int64_t t) {
  if (t <= last_step_) throw std::logic_error("mesh: cycles must increase");
  last_step_ = t;
  ++stats_.stepped_cycles;
  const uint64_t hops_before = stats_.flit_hops;
  // A flit moved this cycle cannot act again before t + 1, so every router stepped sees the state the
  // cycle began with, whatever order they run in: iterating a snapshot of the active list is exact.
  const size_t n = active_.size();
  for (size_t k = 0; k < n; ++k) {
    const int r = active_[k];
    if (activeNode(r).next <= t) stepRouter(r, t);
  }
  if (stats_.flit_hops != hops_before) ++stats_.busy_cycles;
  // Routers stepped this cycle recompute when they can act next; routers without work leave the list.
  size_t keep = 0;
  for (size_t k = 0; k < active_.size(); ++k) {
    const int r = active_[k];
    Node& R = node(r);
    if (R.next <= t) R.next = computeNext(r, t);
    if (R.next == kNever) {
      R.active = false;
    } else {
      active_[keep++] = r;
    }
  }
  active_.resize(keep);
}

void MeshCore::stepRouter(int r, int64_t t) {
  // Evaluate (Router::allocate), then commit: move the granted flits, then let the NIs write into the
  // freed local slots.
  int grant[kPorts];
  node(r).router->allocate(t, grant);
  for (int o = 0; o < kPorts; ++o)
    if (grant[o] >= 0) depart(r, grant[o], o, t);
  injectFlits(r, t);
}

Flit MeshCore::flitFor(uint32_t packet, uint32_t seq, RouterId at) const {
  const Packet& p = packets_[packet];
  Flit f;
  f.packet = packet;
  f.seq = seq;
  f.dst = p.dst.value;
  f.route = int8_t(topo_.route(at, p.dst));
  f.tail = seq + 1 == p.flits;
  return f;
}

void MeshCore::depart(int r, int in, int o, int64_t t) {
  Node& here = node(r);
  Flit f = here.router->depart(in, o);
  ++here.sent_flits[o];
  if (f.seq == 0) here.head_cycle[o] = t;
  if (f.tail) here.held_cycles[o] += uint64_t(t - here.head_cycle[o] + 1);
  Packet& p = packets_[f.packet];
  ++stats_.flit_hops;
  if (p.counts) ++p.counts->flit_hops;
  const bool tail = f.tail;
  if (in != kLocal) {  // the freed slot's credit travels back to the upstream router
    const RouterId up = topo_.neighbour(RouterId(r), Port(in));
    node(up.value).router->returnCredit(opposite(Port(in)), t + cfg_.link_cycles);
  }
  if (o == kLocal) {
    const int64_t at = t + cfg_.link_cycles;
    if (f.seq != p.next_eject)
      throw std::logic_error("mesh: flit " + std::to_string(f.seq) + " of packet " + std::to_string(p.serial) +
                             " ejected out of order");
    ++p.next_eject;
    ++stats_.flits_ejected;
    --flits_in_network_;
    if (observer_) observer_(Ejection{p.serial, f.seq, p.flits, p.to, at});
    if (tail) {
      completions_.push_back(Completion{p.serial, p.from, p.to, p.payload_bits, p.flits, p.hops, p.queued, at});
      ++stats_.packets_completed;
      free_packets_.push_back(f.packet);
    }
    return;
  }
  ++stats_.link_flits;
  if (p.counts) ++p.counts->link_flits;
  const RouterId n = topo_.neighbour(RouterId(r), Port(o));
  RouterModel& dst = *node(n.value).router;
  const int in_port = opposite(Port(o));
  const int64_t entered = t + cfg_.link_cycles;
  dst.accept(in_port, flitFor(f.packet, f.seq, n), entered);
  stats_.max_buffer_occupancy = std::max(stats_.max_buffer_occupancy, dst.occupancy(in_port));
  activate(n.value, entered + cfg_.router_cycles);
}

void MeshCore::injectFlits(int r, int64_t t) {
  Node& R = node(r);
  if (R.queued_packets == 0 || R.router->full(kLocal)) return;
  const int c = cfg_.concentration;
  if (R.inject_owner < 0) {
    for (int k = 0; k < c && R.inject_owner < 0; ++k) {
      const int slot = (R.inject_rr + k) % c;
      const int tile = r * c + slot;
      if (tile >= cfg_.tiles) continue;
      const Ni* queued = nis_[size_t(tile)].get();
      if (queued && !queued->queue.empty() && packets_[queued->queue.front()].queued <= t) R.inject_owner = slot;
    }
    if (R.inject_owner < 0) return;
  }
  Ni& source = ni(r * c + R.inject_owner);
  const uint32_t slot = source.queue.front();
  if (source.written == 0) R.inject_head_cycle = t;
  if (source.written + 1 == packets_[slot].flits) R.inject_held_cycles += uint64_t(t - R.inject_head_cycle + 1);
  R.router->accept(kLocal, flitFor(slot, source.written, RouterId(r)), t + 1);  // written in t: in the buffer from t + 1
  stats_.max_buffer_occupancy = std::max(stats_.max_buffer_occupancy, R.router->occupancy(kLocal));
  ++flits_in_network_;
  ++stats_.flits_injected;
  ++R.injected_flits;
  if (++source.written == packets_[slot].flits) {
    source.queue.pop_front();
    source.written = 0;
    --R.queued_packets;
    R.inject_rr = (R.inject_owner + 1) % c;
    R.inject_owner = -1;
  }
}

int64_t MeshCore::computeNext(int r, int64_t t) {
  const Node& R = activeNode(r);
  int64_t n = R.queued_packets > 0 ? t + 1 : kNever;
  for (int i = 0; i < kPorts; ++i)
    if (!R.router->empty(i)) n = std::min(n, std::max(R.router->front(i).ready, t + 1));
  return n;
}

int64_t MeshCore::idleCycles(const MeshConfig& config, TileId from, TileId to, int64_t payload_bits) {
  if (from == to) return 0;
  const int64_t R = config.router_cycles, L = config.link_cycles;
  if (config.buffer_flits >= R + 2 * L) {
    const MeshTopology topo = MeshTopology::of(config.tiles, config.concentration);
    return topo.hops(from, to) * (R + L) + packetFlits(payload_bits, config.flit_bits);
  }
  MeshCore scratch(config);  // credits throttle a lone packet: measure it
  scratch.inject(from, to, payload_bits, 0, nullptr);
  while (scratch.completions().empty()) scratch.step(scratch.nextCycle());
  return scratch.completions().front().done_cycle;
}

}  // namespace autorac::hw::noc
