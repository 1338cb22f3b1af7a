#pragma once
// A verilated rtl/noc_router.sv in the place of hw::noc::Router inside the chip (pimsim --rtl router).
//
// MeshCore evaluates a router only in the cycles it can act and calls it in evaluate/commit order
// (hw/noc/RouterModel.h); the RTL must see every clock edge. So this wrapper keeps the RTL's own
// cycle `now_` and the inputs scheduled for each cycle (flits written, credit pulses), and before
// evaluating cycle t it clocks the RTL through every cycle before t. In those cycles MeshCore expected
// no flit to leave, and in cycle t it uses exactly the flits the RTL lets leave: the grants are read
// off the RTL's outputs, matched to the input that freed a slot by the flit's name (its first data
// word, NocRouterDriver::nameWord). Any disagreement (a flit leaving when MeshCore expected none, a
// head on another output than its XY route) throws: the chip's own run is a lock-step check too.
//
// A shadow queue per input holds MeshCore's view of each flit (packet handle, route, ready cycle),
// which MeshCore reads through front(); the RTL holds the same flits as bits.
#include <algorithm>
#include <array>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>

#include "hw/noc/RouterModel.h"
#include "rtl/drivers/NocRouterDriver.h"
#include "rtl/drivers/TestBench.h"

namespace autorac::cosim {

template <class Model, class Params>
class RtlRouter final : public hw::noc::RouterModel {
  using Driver = rtl::NocRouterDriver<Model, Params>;

public:
  RtlRouter(hw::noc::RouterId r, const hw::noc::MeshTopology& topology)
      : id_(r.value), topology_(topology), bench_("router" + std::to_string(r.value)),
        driver_(bench_, topology.x(r), topology.y(r)) {
    bench_.reset();
  }

  void accept(int in, hw::noc::Flit f, int64_t entered) override {
    const int64_t written = entered - 1;  // the RTL takes a flit in the cycle before it is in the buffer
    if (written < now_) fail("flit written into cycle " + std::to_string(written) + ", already clocked");
    if (full(in)) fail("input " + std::to_string(in) + " overflows (credit accounting broken)");
    f.ready = entered + Params::ROUTER_CYCLES;
    shadow_[size_t(in)].push_back(f);
    auto& slot = scheduled_[written].in[size_t(in)];
    if (slot) fail("two flits written into input " + std::to_string(in) + " in cycle " + std::to_string(written));
    slot = beatOf(f);
  }
  bool full(int in) const override { return shadow_[size_t(in)].size() >= size_t(Params::BUFFER_FLITS); }
  bool empty(int in) const override { return shadow_[size_t(in)].empty(); }
  int occupancy(int in) const override { return int(shadow_[size_t(in)].size()); }
  const hw::noc::Flit& front(int in) const override { return shadow_[size_t(in)].front(); }

  void returnCredit(int out, int64_t usable) override {
    const int64_t pulse = usable - 1;  // credit_in in cycle c is usable from c + 1
    if (pulse < now_) fail("credit for cycle " + std::to_string(pulse) + ", already clocked");
    unsigned& credits = scheduled_[pulse].credits;
    if ((credits >> out) & 1u) fail("two credits for output " + std::to_string(out) + " in one cycle");
    credits |= 1u << out;
  }

  void allocate(int64_t t, int grant[hw::noc::kPorts]) override {
    clockUpTo(t);
    const rtl::NocObserved seen = observe(t);
    unsigned freed = seen.credit_out;
    for (int o = 0; o < hw::noc::kPorts; ++o) {
      grant[o] = -1;
      if (!seen.out[size_t(o)]) continue;
      grant[o] = matchInput(*seen.out[size_t(o)], o, freed, t);
      freed &= ~(1u << grant[o]);
    }
    if (freed != 0) fail("cycle " + std::to_string(t) + ": an input freed a slot without a flit leaving");
    granted_ = seen;
    for (int o = 0; o < hw::noc::kPorts; ++o) grant_[size_t(o)] = grant[o];
  }

  hw::noc::Flit depart(int in, int out) override {
    if (grant_[size_t(out)] != in) fail("depart from input " + std::to_string(in) + " not granted output " + std::to_string(out));
    grant_[size_t(out)] = -1;
    const hw::noc::Flit f = shadow_[size_t(in)].front();
    shadow_[size_t(in)].pop_front();
    return f;
  }

private:
  struct Inputs {
    std::array<std::optional<rtl::NocBeat>, hw::noc::kPorts> in;
    unsigned credits = 0;
  };

  rtl::NocBeat beatOf(const hw::noc::Flit& f) const {
    rtl::NocBeat b;
    b.head = f.seq == 0;
    b.tail = f.tail;
    b.data.assign(size_t(Driver::words()), 0);
    const hw::noc::RouterId dst(f.dst);
    b.data[0] = Driver::nameWord(f.packet, f.seq, topology_.x(dst), topology_.y(dst));
    return b;
  }

  rtl::NocObserved observe(int64_t t) {
    auto it = scheduled_.find(t);
    static const Inputs kNone{};
    const Inputs& in = it == scheduled_.end() ? kNone : it->second;
    return driver_.observe(in.in, in.credits);
  }

  // Ends cycles now_ .. t - 1 with their complete inputs. A cycle MeshCore evaluated must show again the
  // flits it granted then; any other cycle must show none leaving.
  void clockUpTo(int64_t t) {
    if (t < now_) fail("cycle " + std::to_string(t) + " evaluated after cycle " + std::to_string(now_));
    while (now_ < t) {
      const bool evaluated = granted_cycle_ == now_;
      if (!evaluated && idle()) {
        // Nothing buffered, nothing written or credited before the next scheduled cycle: clock edges
        // change no register of an empty router, so they are skipped (a router that first sees traffic
        // late in a long run does not replay the cycles before it).
        now_ = scheduled_.empty() ? t : std::min(t, scheduled_.begin()->first);
        continue;
      }
      const rtl::NocObserved seen = observe(now_);
      for (int o = 0; o < hw::noc::kPorts; ++o) {
        const auto& expected = evaluated ? granted_.out[size_t(o)] : std::optional<rtl::NocBeat>{};
        if (!(seen.out[size_t(o)] == expected))
          fail("cycle " + std::to_string(now_) + ": output " + std::to_string(o) +
               (evaluated ? " changed after it was evaluated" : " sent a flit in a cycle MeshCore did not evaluate this router"));
      }
      driver_.tick();
      scheduled_.erase(now_);
      ++now_;
    }
    granted_cycle_ = t;
  }

  bool idle() const {
    for (const auto& q : shadow_)
      if (!q.empty()) return false;
    return scheduled_.empty() || scheduled_.begin()->first > now_;
  }

  int matchInput(const rtl::NocBeat& b, int out, unsigned freed, int64_t t) const {
    int found = -1;
    for (int i = 0; i < hw::noc::kPorts; ++i) {
      if (!((freed >> i) & 1u) || shadow_[size_t(i)].empty()) continue;
      const hw::noc::Flit& f = shadow_[size_t(i)].front();
      if (b.head != (f.seq == 0) || b.tail != f.tail || b.data.at(0) != beatOf(f).data[0]) continue;
      if (found >= 0) fail("cycle " + std::to_string(t) + ": two inputs hold a flit named like the one leaving output " + std::to_string(out));
      found = i;
    }
    if (found < 0) fail("cycle " + std::to_string(t) + ": output " + std::to_string(out) + " sent a flit no freed input holds");
    const hw::noc::Flit& f = shadow_[size_t(found)].front();
    if (f.seq == 0 && f.route != out)
      fail("cycle " + std::to_string(t) + ": a head left output " + std::to_string(out) + ", its XY route is output " + std::to_string(f.route));
    return found;
  }

  [[noreturn]] void fail(const std::string& what) const {
    throw std::logic_error("--rtl router: verilated router " + std::to_string(id_) + " and the mesh disagree: " + what);
  }

  int id_;
  const hw::noc::MeshTopology& topology_;
  rtl::TestBench<Model> bench_;
  Driver driver_;
  std::array<std::deque<hw::noc::Flit>, hw::noc::kPorts> shadow_;
  std::map<int64_t, Inputs> scheduled_;  // per cycle not yet clocked: the flits written and credit pulses
  int64_t now_ = 0;                      // the RTL's current cycle (not yet clocked)
  int64_t granted_cycle_ = -1;           // the cycle allocate() last evaluated, and what it saw
  rtl::NocObserved granted_;
  std::array<int, hw::noc::kPorts> grant_{-1, -1, -1, -1, -1};
};

}  // namespace autorac::cosim
