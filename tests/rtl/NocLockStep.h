#pragma once
// Layer 3 machinery of the router harness (docs/rtl.md): rtl/noc_router.sv (through NocRouterDriver)
// and hw::noc::Router, the router that hw::noc::MeshCore steps, run in lock-step on the same flits.
// The router's four mesh outputs go through rtl/noc_link.sv (NocLinkDriver): each flit must reach the
// downstream end L - 1 cycles after it left (buffered there from L after, as MeshCore's links time it),
// and the downstream's credits reach the router's credit input through the same link.
// Around the router under test the harness plays its neighbours as MeshCore would:
//  - sources, one per input: a packet's flits in order; input 0 is the network interface (writes while
//    the buffer has a slot after this cycle's departures), inputs 1-4 are upstream routers (one credit
//    per slot, a freed slot usable upstream L cycles after it frees and the flit another L later);
//  - sinks, one per output: output 0 is the NI (takes a flit per cycle), outputs 1-4 are downstream
//    buffers that free each flit at the earliest R cycles after it arrives (L after it left), plus a
//    chosen hold, in order, one per cycle, and send the credit back over the link.
// Every cycle both routers must show the same flit leaving on the same output, the same freed inputs
// and the same free space; the first divergence ends the run with a message naming the seed.
#include <array>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "rtl/drivers/NocLinkDriver.h"
#include "rtl/drivers/NocRouterDriver.h"
#include "hw/noc/MeshTopology.h"
#include "hw/noc/Router.h"

namespace autorac::rtl {

struct NocLockStepConfig {
  int link_cycles = 1;          // L of the reference's links: the verilated links' unless a test mutates it
  int reference_router_cycles;  // R of hw::noc::Router: the verilated value unless a test mutates it
  int x = 2, y = 2;             // the router's place in a 5 x 5 mesh: every direction has neighbours
};

template <class Model, class Params, class LinkModel, class LinkParams>
class NocLockStep {
  static_assert(LinkParams::FLIT_BITS == Params::FLIT_BITS, "the links carry the router's flits");

public:
  static constexpr int kColumns = 5, kRows = 5;

  NocLockStep(const std::string& name, const NocLockStepConfig& c, uint64_t seed)
      : cfg_(c), seed_(seed), rng_(seed), tb_(name), drv_(tb_, c.x, c.y), topo_(kColumns * kRows, 1),
        ref_(Params::BUFFER_FLITS, c.reference_router_cycles) {
    tb_.reset();
    for (int p = 1; p < hw::noc::kPorts; ++p) {
      credits_[p] = Params::BUFFER_FLITS;
      link_tb_[p] = std::make_unique<TestBench<LinkModel>>(name + "_link" + std::to_string(p));
      link_tb_[p]->reset();
      links_[p] = std::make_unique<NocLinkDriver<LinkModel, LinkParams>>(*link_tb_[p]);
    }
  }

  // What the test steers each cycle (onCycle may change them).
  std::array<double, 5> offer{1, 1, 1, 1, 1};  // chance a source that may write a flit does so
  std::array<int, 5> hold{};                    // downstream o keeps each flit up to hold[o] cycles longer
  std::array<int64_t, 5> starve_until{};        // downstream o frees nothing before this cycle

  // Queues a packet of `flits` flits for router (dx, dy) at input `in`'s source.
  void queuePacket(int in, int dx, int dy, int flits) {
    const uint32_t id = uint32_t(dst_.size());
    dst_.push_back({dx, dy});
    for (int s = 0; s < flits; ++s) sources_[in].push_back({id, uint32_t(s), s + 1 == flits});
  }
  // A destination that XY routing can bring to input `in` (any for the local input).
  std::pair<int, int> legalDestination(int in, std::mt19937_64& rng) const {
    auto pick = [&rng](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
    switch (in) {
      case hw::noc::kWest: return {pick(cfg_.x, kColumns - 1), pick(0, kRows - 1)};  // travelling east
      case hw::noc::kEast: return {pick(0, cfg_.x), pick(0, kRows - 1)};
      case hw::noc::kNorth: return {cfg_.x, pick(cfg_.y, kRows - 1)};                  // travelling south
      case hw::noc::kSouth: return {cfg_.x, pick(0, cfg_.y)};
      default: return {pick(0, kColumns - 1), pick(0, kRows - 1)};
    }
  }
  size_t queued(int in) const { return sources_[in].size(); }

  // Runs `cycles` cycles, calling onCycle(t) first in each. Returns "" or the first divergence.
  std::string run(int64_t cycles, const std::function<void(int64_t)>& onCycle = {}) {
    for (int64_t end = t_ + cycles; t_ < end; ++t_) {
      if (onCycle) onCycle(t_);
      const std::string err = step(t_);
      if (!err.empty()) return err;
    }
    return "";
  }

  int64_t cycle() const { return t_; }
  uint64_t flitsOut(int o) const { return flits_out_[o]; }
  uint64_t flitsOut() const {
    uint64_t n = 0;
    for (auto f : flits_out_) n += f;
    return n;
  }
  uint64_t fullBufferCycles() const { return full_cycles_; }  // cycles with some input buffer full
  uint64_t heldFlits() const { return held_flits_; }  // flits a downstream kept longer than R
  const std::vector<uint32_t>& packetsOut(int o) const { return packets_out_[o]; }  // heads, in order
  const std::vector<int64_t>& departures(int o) const { return departures_[o]; }
  bool idle() const {
    for (int p = 0; p < 5; ++p)
      if (!sources_[p].empty() || !ref_.empty(p)) return false;
    return true;
  }

private:
  struct SourceFlit {
    uint32_t packet, seq;
    bool tail;
  };

  NocBeat beatOf(uint32_t packet, uint32_t seq, bool tail) const {
    NocBeat b;
    b.head = seq == 0;
    b.tail = tail;
    b.data.assign(size_t(drv_.words()), 0);
    // Word 0 names the flit; a head also carries its destination (rtl/noc_router.sv's layout).
    b.data[0] = NocRouterDriver<Model, Params>::nameWord(packet, seq, dst_[packet].first, dst_[packet].second);
    for (size_t w = 1; w < b.data.size(); ++w) b.data[w] = uint32_t((packet * 2654435761u) ^ (seq * 40503u) ^ w);
    return b;
  }

  std::string step(int64_t t) {
    // Reference: evaluate, commit.
    int grant[hw::noc::kPorts];
    ref_.allocate(t, grant);
    std::array<std::optional<NocBeat>, 5> expect_out;
    unsigned expect_freed = 0;
    for (int o = 0; o < hw::noc::kPorts; ++o) {
      if (grant[o] < 0) continue;
      const hw::noc::Flit f = ref_.depart(grant[o], o);
      expect_out[o] = beatOf(f.packet, f.seq, f.tail);
      expect_freed |= 1u << grant[o];
      ++flits_out_[o];
      departures_[o].push_back(t);
      if (f.seq == 0) packets_out_[o].push_back(f.packet);
      if (grant[o] != hw::noc::kLocal) credit_back_[grant[o]].push_back(t + 2 * cfg_.link_cycles - 1);
      if (o != hw::noc::kLocal) sinkFlit(o, t);
    }
    unsigned expect_ready = 0;
    bool some_full = false;
    for (int i = 0; i < hw::noc::kPorts; ++i) {
      if (!ref_.full(i)) expect_ready |= 1u << i;
      some_full |= ref_.full(i) && !((expect_freed >> i) & 1);
    }
    full_cycles_ += some_full;
    // Sources write this cycle's flits (in the buffers from t + 1).
    std::array<std::optional<NocBeat>, 5> in;
    for (int i = 0; i < hw::noc::kPorts; ++i) {
      while (!credit_back_[i].empty() && credit_back_[i].front() <= t) {
        ++credits_[i];
        credit_back_[i].pop_front();
      }
      if (sources_[i].empty() || std::uniform_real_distribution<double>(0, 1)(rng_) >= offer[i]) continue;
      if (i == hw::noc::kLocal ? ref_.full(i) : credits_[i] == 0) continue;
      const SourceFlit s = sources_[i].front();
      sources_[i].pop_front();
      if (i != hw::noc::kLocal) --credits_[i];
      in[i] = beatOf(s.packet, s.seq, s.tail);
      hw::noc::Flit f;
      f.packet = s.packet;
      f.seq = s.seq;
      f.tail = s.tail;
      f.route = int8_t(topo_.route(hw::noc::RouterId(cfg_.y * kColumns + cfg_.x),
                                   hw::noc::RouterId(dst_[s.packet].second * kColumns + dst_[s.packet].first)));
      ref_.accept(i, f, t + 1);
    }
    // Credits the downstream buffers send this cycle, into the links; what the links bring to the
    // router this cycle is its credit input (usable from t + 1).
    unsigned credit_in = 0;
    for (int o = 1; o < hw::noc::kPorts; ++o) {
      const bool pulse = !credit_sent_[o].empty() && credit_sent_[o].front() == t;
      if (pulse) credit_sent_[o].pop_front();
      credit_in |= unsigned(links_[o]->credit(pulse)) << o;
    }
    const NocObserved seen = drv_.cycle(in, credit_in);
    std::ostringstream err;
    // The router's flits into the links; what reaches each downstream end this cycle must have left
    // L - 1 cycles ago.
    for (int o = 1; o < hw::noc::kPorts; ++o) {
      const std::optional<NocBeat> arrived = links_[o]->flit(seen.out[o]);
      links_[o]->tick();
      if (seen.out[o]) in_link_[o].push_back({t + cfg_.link_cycles - 1, *seen.out[o]});
      const bool due = !in_link_[o].empty() && in_link_[o].front().first == t;
      if (arrived.has_value() != due || (due && !(*arrived == in_link_[o].front().second)))
        err << " link " << o << " delivers: rtl " << describe(arrived) << ", reference "
            << describe(due ? std::optional<NocBeat>(in_link_[o].front().second) : std::nullopt) << ";";
      if (due) in_link_[o].pop_front();
    }
    for (int o = 0; o < hw::noc::kPorts; ++o)
      if (seen.out[o].has_value() != expect_out[o].has_value() || (seen.out[o] && !(*seen.out[o] == *expect_out[o])))
        err << " output " << o << ": rtl " << describe(seen.out[o]) << ", reference " << describe(expect_out[o]) << ";";
    if (seen.credit_out != expect_freed) err << " freed inputs: rtl " << seen.credit_out << ", reference " << expect_freed << ";";
    if (seen.in_ready != expect_ready) err << " in_ready: rtl " << seen.in_ready << ", reference " << expect_ready << ";";
    if (err.str().empty()) return "";
    return "router lock-step diverged (seed " + std::to_string(seed_) + ", cycle " + std::to_string(t) + "):" + err.str();
  }

  // Downstream buffer of output o takes a flit that left at d: it frees it R cycles after it arrives
  // at the earliest, in order and one per cycle, and the credit crosses the link back (L cycles).
  void sinkFlit(int o, int64_t d) {
    int64_t free = std::max({d + cfg_.link_cycles + Params::ROUTER_CYCLES, last_free_[o] + 1, starve_until[o]});
    if (hold[o] > 0) free += std::uniform_int_distribution<int>(0, hold[o])(rng_);
    last_free_[o] = free;
    credit_sent_[o].push_back(free);  // into the link; the router may use it from free + L
    ref_.returnCredit(o, free + cfg_.link_cycles);
    const bool waits = free > d + cfg_.link_cycles + Params::ROUTER_CYCLES;
    held_flits_ += waits;
  }

  static std::string describe(const std::optional<NocBeat>& b) {
    if (!b) return "none";
    std::ostringstream os;
    os << (b->head ? "head" : b->tail ? "tail" : "body") << (b->head && b->tail ? "+tail" : "") << " 0x" << std::hex
       << b->data[0];
    return os.str();
  }

  NocLockStepConfig cfg_;
  uint64_t seed_;
  std::mt19937_64 rng_;
  TestBench<Model> tb_;
  NocRouterDriver<Model, Params> drv_;
  hw::noc::MeshTopology topo_;
  hw::noc::Router ref_;
  std::vector<std::pair<int, int>> dst_;  // per packet
  std::array<std::deque<SourceFlit>, 5> sources_;
  std::array<int, 5> credits_{};                       // upstream sources' credits for inputs 1-4
  std::array<std::deque<int64_t>, 5> credit_back_;     // when a freed input slot is usable upstream
  std::array<std::deque<int64_t>, 5> credit_sent_;     // cycles the downstream of output o frees a slot
  std::array<std::unique_ptr<TestBench<LinkModel>>, 5> link_tb_;  // outputs 1-4
  std::array<std::unique_ptr<NocLinkDriver<LinkModel, LinkParams>>, 5> links_;
  std::array<std::deque<std::pair<int64_t, NocBeat>>, 5> in_link_;  // flits on their way: due cycle, flit
  std::array<int64_t, 5> last_free_{-1, -1, -1, -1, -1};
  std::array<uint64_t, 5> flits_out_{};
  std::array<std::vector<uint32_t>, 5> packets_out_;
  std::array<std::vector<int64_t>, 5> departures_;
  uint64_t full_cycles_ = 0, held_flits_ = 0;
  int64_t t_ = 0;
};

}  // namespace autorac::rtl
