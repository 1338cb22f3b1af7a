#include "sim/analytical/AnalyticalModel.h"

#include <algorithm>
#include <cstdint>
#include <cmath>
#include <map>
#include <memory_resource>
#include <string>
#include <tuple>
#include <unordered_map>

#include "hw/CrossbarEvents.h"
#include "hw/noc/TransferCost.h"
#include "sim/analytical/BufferLoops.h"
#include "sim/mapping/OpWork.h"

namespace autorac::sim {

using hw::ceilDiv;

std::vector<int64_t> vectorShares(int64_t vectors, size_t replicas) {
  std::vector<int64_t> share(replicas, 0);
  for (size_t r = 0; r < replicas; ++r) share[r] = (vectors - int64_t(r) + int64_t(replicas) - 1) / int64_t(replicas);
  return share;
}

hw::TileId inputSource(const Mapping& m, const OpPlan& op) {
  if (!op.pipelinedMvm()) return op.home;
  const int prod = op.producers.at(0);
  return prod >= 0 ? m.ops[size_t(prod)].home : op.home;
}

std::optional<hw::TileId> relayOf(const Mapping& m, const OpPlan& op, size_t replica) {
  if (!op.relay_dispatch) return std::nullopt;
  const hw::TileId first = op.groups.at(0).at(replica).tiles.front();
  if (first == inputSource(m, op)) return std::nullopt;
  return first;
}

uint64_t SharedUnit::key() const {
  if (kind == Kind::Channel) return uint64_t(kind) << 56 | channel.key();
  return uint64_t(kind) << 56 | uint64_t(uint32_t(tile)) << 24 | uint64_t(uint32_t(pe)) << 12 | uint64_t(uint32_t(group));
}

std::string SharedUnit::name() const {
  const std::string t = std::to_string(tile);
  switch (kind) {
    case Kind::Edram: return "edram" + t;
    case Kind::Bus: return "bus" + t;
    case Kind::Vector: return "vector" + t;
    case Kind::Adc: return "adc" + t + "." + std::to_string(pe) + "." + std::to_string(group);
    case Kind::ShiftAdd: return "shift_add" + t + "." + std::to_string(pe);
    case Kind::Offchip: return "offchip";
    case Kind::OffchipRequests: return "offchip_requests";
    case Kind::Channel: return channel.name();
  }
  return "";
}

double Estimate::loadOf(const SharedUnit& unit) const {
  const uint64_t key = unit.key();
  for (const auto& [k, busy] : loads)
    if (k == key) return busy;
  return 0.0;
}

double Estimate::busiestChannelLoad() const {
  double most = 0.0;
  for (const auto& [k, busy] : loads)
    if (k >> 56 == uint64_t(SharedUnit::Kind::Channel)) most = std::max(most, busy);
  return most;
}

namespace {

// Counts a recipe's events (sim/analytical/Steps.h) into `c`.
struct EventCounter {
  StageCosts cost;
  hw::EventCounts& c;
  void operator()(const Step& s) const { cost.countEvents(s, c); }
};

// One input vector through a group: dispatch, every crossbar's MVM, every drain to its reducer.
hw::EventCounts groupVector(const hw::Design& d, const CrossbarGroup& g, hw::TileId source, int act_bits) {
  const StageCosts cost{d};
  hw::EventCounts c;
  recipe::groupDispatch(g, source, act_bits, EventCounter{cost, c});
  for (const auto& x : g.crossbars) {
    c.input_register_accesses += uint64_t(cost.inputRegisterAccesses(x.task, act_bits));
    c += hw::crossbar_events::vector(x.task);
    c.output_register_accesses += uint64_t(cost.outputRegisterAccesses(g.drainBits(x)));
    recipe::drain(g, x, EventCounter{cost, c});
  }
  return c;
}

// `vectors` vectors through one group, reduced at its home and sent to the op's home.
hw::EventCounts groupWork(const hw::Design& d, const CrossbarGroup& g, hw::TileId source, hw::TileId op_home,
                          int64_t vectors, int act_bits) {
  hw::EventCounts c = groupVector(d, g, source, act_bits).scaled(uint64_t(vectors));
  recipe::reduction(g, op_home, vectors, EventCounter{{d}, c});
  return c;
}

SharedUnit tileUnit(SharedUnit::Kind kind, hw::TileId t) {
  SharedUnit u;
  u.kind = kind;
  u.tile = t.value;
  return u;
}

// The shared units a step occupies and its busy cycles at each (an interconnect step: every channel
// of its route, hw/noc/TransferCost).
template <class F>
void forEachUnit(const StageCosts& cost, const Step& s, F&& f) {
  switch (s.unit) {
    case Step::Unit::Edram:
    case Step::Unit::Bus:
    case Step::Unit::VectorUnit: f(queuedAt(s), double(cost.cycles(s))); return;
    case Step::Unit::Interconnect:
      hw::noc::forEachTransferChannel(cost.d, s.at, s.to, s.amount, [&](const hw::noc::Channel& c, int64_t flits) {
        SharedUnit u;
        u.kind = SharedUnit::Kind::Channel;
        u.channel = c;
        f(u, double(flits));
      });
      return;
  }
}

// A shared unit's busy cycles and requests per sample, of the whole graph and of op `owner` (the op
// being priced last touched it): the queueing model leaves an op's own requests out of its queues.
struct UnitLoad {
  SharedUnit unit;
  double busy = 0, requests = 0, own_busy = 0, own_requests = 0;
  double square = 0, own_square = 0;  // Σ over requests of their busy cycles squared
  size_t owner = SIZE_MAX;
};
using UnitEntry = std::pair<const uint64_t, UnitLoad>;

// Two NoC channels one after the other on a route (by SharedUnit::key()), and the flits per sample the
// packets crossing both put on them.
struct ChannelPair {
  uint64_t first, second;
  bool operator==(const ChannelPair& o) const { return first == o.first && second == o.second; }
};
struct ChannelPairHash {
  size_t operator()(const ChannelPair& p) const { return std::hash<uint64_t>{}(p.first * 0x9E3779B97F4A7C15ull ^ p.second); }
};

struct Ledger {
  // The mapper prices thousands of trial mappings, each adding thousands of units: the nodes come from
  // one arena freed with the ledger, not one malloc each (a third of a large mapping's time went to
  // allocating and freeing them). Declared before the table, so it outlives it.
  std::pmr::monotonic_buffer_resource arena{size_t(256) << 10};
  std::pmr::unordered_map<uint64_t, UnitLoad> units{&arena};  // by SharedUnit::key(); node-based: entries stay put
  std::pmr::unordered_map<ChannelPair, double, ChannelPairHash> shared{&arena};  // flits both channels carry
  size_t op = 0;                                              // the op being priced
  Ledger() { units.reserve(1024); }
  UnitEntry& add(const SharedUnit& unit, double cycles, double count) {
    const auto [it, added] = units.try_emplace(unit.key());
    if (added) it->second.unit = unit;
    UnitEntry& e = *it;
    UnitLoad& u = e.second;
    if (u.owner != op) u.owner = op, u.own_busy = 0, u.own_requests = 0, u.own_square = 0;
    // `count` requests of cycles / count each.
    const double square = count > 0 ? cycles * cycles / count : 0.0;
    u.busy += cycles, u.requests += count, u.own_busy += cycles, u.own_requests += count;
    u.square += square, u.own_square += square;
    return e;
  }
};

// A unit a thread of an op asks for, `times` per sample, and what the op itself loads it with.
struct Visit {
  const UnitEntry* unit;
  double times, own_busy = 0, own_requests = 0, own_square = 0;
  bool per_thread = false;  // own_* are the visiting thread's (a pipelined op's dispatcher or
                            // collector queues behind its sibling threads), not the whole op's
};
using Visits = std::vector<Visit>;

// Adds a recipe's per-unit busy cycles (sim/analytical/Steps.h), × weight, to the ledger; with
// `visits`, also notes each unit the thread asks for.
struct LoadAdder {
  Ledger& ledger;
  StageCosts cost;
  double weight;
  Visits* visits = nullptr;
  void operator()(const Step& s) const {
    uint64_t previous = 0;  // the channel before on this route (0: none yet)
    forEachUnit(cost, s, [&](const SharedUnit& unit, double cycles) {
      const UnitEntry& e = ledger.add(unit, weight * cycles, weight);
      if (visits) visits->push_back({&e, 1.0});
      if (unit.kind != SharedUnit::Kind::Channel) return;
      if (previous != 0) ledger.shared[{previous, e.first}] += weight * cycles;
      previous = e.first;
    });
  }
};

// Notes the units a recipe's steps ask for, `times` each, without loading them.
struct VisitRecorder {
  Ledger& ledger;
  StageCosts cost;
  Visits& visits;
  double times;
  bool per_thread = false;
  void operator()(const Step& s) const {
    forEachUnit(cost, s, [&](const SharedUnit& unit, double cycles) {
      visits.push_back({&ledger.add(unit, 0, 0), times, times * cycles, times, times * cycles * cycles, per_thread});
    });
  }
};

// A thread's own load on each unit it visits, summed over its visits (it never queues behind itself).
void sumPerThread(Visits& visits) {
  std::unordered_map<const UnitEntry*, std::tuple<double, double, double>> own;
  for (const Visit& v : visits) {
    auto& [busy, requests, square] = own[v.unit];
    busy += v.own_busy, requests += v.own_requests, square += v.own_square;
  }
  for (Visit& v : visits) std::tie(v.own_busy, v.own_requests, v.own_square) = own[v.unit];
}

// Once per sample, a recipe's steps one after another: their cycles added to `cycles`, their loads to
// the units.
struct SamplePricer {
  int64_t& cycles;
  LoadAdder load;
  void operator()(const Step& s) const {
    cycles += load.cost.cycles(s);
    load(s);
  }
};

// How much longer than its conversions each crossbar of a group holds its ADC group, per crossbar
// (empty: no longer). A group is held from its grant until its conversion ends, waits for S+A slots
// included (hw/AdcGroup.h): where the S+A units cannot serve every group of a PE at once, per slice
// what its crossbars' conversions take there (adcCyclesPerSlice) rather than their T_conv alone,
// shared among them in proportion to their T_conv.
std::vector<double> adcHoldFactors(const hw::Design& d, const CrossbarGroup& g) {
  if (concurrentGroupsPerPe(d) >= d.adcGroupsPerPe()) return {};
  std::vector<int64_t> group_conv;
  const std::vector<int64_t> cycles = adcCyclesPerSlice(d, g, &group_conv);
  std::vector<double> held(cycles.size(), 1.0);
  for (size_t i = 0; i < held.size(); ++i)
    if (group_conv[i] > 0) held[i] = double(std::max(cycles[i], group_conv[i])) / double(group_conv[i]);
  return held;
}

// What `vectors` vectors through a group (and their reduction) load the shared units with, × weight.
// `hold`: adcHoldFactors of g or of a copy of it (copies lay their crossbars out alike, and the mapper
// prices thousands of them), computed here when null.
void addGroupLoads(Ledger& busy, const hw::Design& d, const CrossbarGroup& g, hw::TileId source, hw::TileId op_home,
                   int64_t vectors, int act_bits, double weight, const std::vector<double>* hold = nullptr) {
  const StageCosts cost{d};
  const double w = weight * double(vectors);
  recipe::groupDispatch(g, source, act_bits, LoadAdder{busy, cost, w});
  // Every crossbar's conversions hold its ADC group (adcHoldFactors) and a share of its PE's S+A
  // units (ops whose crossbars share a PE or a group add up here).
  const double sa_share = 1.0 / double(concurrentGroupsPerPe(d));
  const std::vector<double> own_hold = hold ? std::vector<double>{} : adcHoldFactors(d, g);
  const std::vector<double>& held = hold ? *hold : own_hold;
  for (size_t i = 0; i < g.crossbars.size(); ++i) {
    const auto& x = g.crossbars[i];
    recipe::drain(g, x, LoadAdder{busy, cost, w});
    const double conv = w * double(x.task.input_slices * conversionCycles(d, x.task.cols_used));
    SharedUnit adc = tileUnit(SharedUnit::Kind::Adc, x.place.tile);
    adc.pe = x.place.pe.value;
    adc.group = x.place.crossbar.value / d.adc.crossbars_per_group;
    busy.add(adc, held.empty() ? conv : conv * held[i], 0);
    SharedUnit sa = adc;
    sa.kind = SharedUnit::Kind::ShiftAdd;
    sa.group = 0;
    busy.add(sa, conv * sa_share, 0);
  }
  recipe::reduction(g, op_home, vectors, LoadAdder{busy, cost, weight});
}

// `requests` off-chip requests of `bits` in all: the port's serialisation, and their share of the
// max_requests request slots, each held for its serialisation and latency (Little's law).
void addOffchip(Ledger& busy, const hw::Design& d, int64_t requests, int64_t bits) {
  if (requests <= 0 || bits <= 0) return;
  const StageCosts cost{d};
  const int64_t port = requests * cost.offchipBusy(bits / requests);
  SharedUnit u;
  busy.add(u, double(port), double(requests));
  u.kind = SharedUnit::Kind::OffchipRequests;
  busy.add(u, double(port + requests * d.offchip.latency_cycles) / d.offchip.max_requests, 0);
}

// One thread of an op (its sample loop, or a pipelined op's dispatcher or collector), or one bound on
// its interval: `base` cycles per sample with every unit free, plus a wait at each unit it visits.
struct Phase {
  int64_t base = 0;
  std::string what;
  Visits visits;
};

// Queueing at shared units (docs/timing-model.md, *Queueing*). A thread that asks for a unit while
// other ops' requests hold it waits, and an op's interval is its slowest thread's. Each unit is a
// queue fed by the other ops' requests, each served for its busy cycles there: at interval I their utilisation is
// ρ = L/I (L their busy cycles per sample, capped at 0.99) and a request waits, by Kingman's G/G/1
// approximation, ρ/(1 − ρ) · (c_a² + c_s²)/2 · S, with S = L / their requests and c_s² the spread of
// their sizes, E[S²]/S² − 1 (a channel that carries 1-flit requests beside 64-flit packets keeps a
// short request waiting behind a long one far longer than their mean says). The NoC
// applies it per channel, as Ogras et al., "An analytical approach for network-on-chip performance
// analysis" (TCAD 2010). The interval is the smallest I that every op's threads, waits included, and
// every unit's load fit in: a fixed point, since waits shrink as I grows.
//
// c_a² = 2, arrivals twice as variable as Poisson: one sample's requests come together (its ops
// finish close to one another). How it was chosen, and what 1 and 3 gave: docs/timing-model.md.
constexpr double kArrivalVariability = 2.0;

}  // namespace

double QueueTerm::waitAt(double interval) const {
  const double rho = std::min(load / interval, 0.99);
  if (requests <= 0 || load <= 0) return 0.0;
  const double mean = load / requests;
  const double service_variability = std::max(0.0, square / requests / (mean * mean) - 1);
  return times * rho / (1 - rho) * (kArrivalVariability + service_variability) / 2 * mean;
}

double OpEstimate::waitAt(double interval) const {
  double wait = 0;
  for (const QueueTerm& q : queues) wait += q.waitAt(interval);
  return wait;
}

std::map<std::string, double> OpEstimate::waitsAt(double interval) const {
  std::map<std::string, double> waits;
  for (const QueueTerm& q : queues) waits[queuedAt(q.unit).name()] += q.waitAt(interval);
  return waits;
}

namespace {
// The interconnect as a whole (hw::noc::Channel's default kind), where transfers' waits are filed.
SharedUnit wholeInterconnect() {
  SharedUnit u;
  u.kind = SharedUnit::Kind::Channel;
  return u;
}
}  // namespace

SharedUnit queuedAt(const SharedUnit& unit) { return unit.kind == SharedUnit::Kind::Channel ? wholeInterconnect() : unit; }

SharedUnit queuedAt(const Step& s) {
  switch (s.unit) {
    case Step::Unit::Edram: return tileUnit(SharedUnit::Kind::Edram, s.at);
    case Step::Unit::Bus: return tileUnit(SharedUnit::Kind::Bus, s.at);
    case Step::Unit::VectorUnit: return tileUnit(SharedUnit::Kind::Vector, s.at);
    case Step::Unit::Interconnect: break;
  }
  return wholeInterconnect();
}

namespace {

void addQueueing(const std::vector<std::vector<Phase>>& phases, const Mapping& m, Estimate& e) {
  struct Queue {
    QueueTerm term;
    double wait(double interval) const { return term.waitAt(interval); }
  };
  struct Bound {
    size_t op;
    const Phase* phase;
    std::vector<Queue> queues;
    double at(double interval) const {
      double c = double(phase->base);
      for (const auto& q : queues) c += q.wait(interval);
      return c;
    }
  };
  std::vector<Bound> bounds;
  for (size_t i = 0; i < phases.size(); ++i)
    for (const Phase& p : phases[i]) {
      Bound b{i, &p, {}};
      for (const Visit& v : p.visits) {
        const UnitLoad& u = v.unit->second;
        b.queues.push_back({{u.busy - v.own_busy, u.requests - v.own_requests, v.times, u.unit, u.square - v.own_square}});
        e.ops[i].queues.push_back(b.queues.back().term);  // a sample passes each of its threads
      }
      if (!b.queues.empty()) bounds.push_back(std::move(b));
    }
  // Each thread's waits shrink as I grows, so the smallest I that all fit is the largest of the
  // smallest I each fits alone: bisect only the threads that do not fit the I found so far, those
  // slowest at the start first.
  int64_t interval = e.interval_cycles;
  if (interval <= 0) return;
  // Each pipelined op's slowest thread, waits included, at the chip's interval: its pace apart from
  // its copies' crossbars (OpEstimate::interval_without_copies).
  auto recordThreads = [&](int64_t at) {
    for (const auto& b : bounds) {
      OpEstimate& oe = e.ops[b.op];
      if (oe.copies > 1) oe.interval_without_copies = std::max(oe.interval_without_copies, int64_t(std::ceil(b.at(double(at)))));
    }
  };
  std::vector<std::pair<double, const Bound*>> order;
  for (const auto& b : bounds) order.emplace_back(b.at(double(interval)), &b);
  std::sort(order.begin(), order.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  bool queued = false;
  for (const auto& [start, b] : order) {
    if (b->at(double(interval)) <= double(interval)) continue;
    int64_t lo = interval, hi = interval;
    for (int k = 0; k < 40 && b->at(double(hi)) > double(hi); ++k) hi *= 2;
    while (hi - lo > 1) {
      const int64_t mid = lo + (hi - lo) / 2;
      (b->at(double(mid)) <= double(mid) ? hi : lo) = mid;
    }
    interval = hi;
    queued = true;
  }
  if (!queued) return recordThreads(interval);
  const int64_t hi = interval;
  recordThreads(hi);
  // Each op's interval with its waits at the chip's interval; the slowest sets the chip's.
  const Bound* worst = nullptr;
  for (const auto& b : bounds) {
    const int64_t c = int64_t(std::ceil(b.at(double(hi))));
    OpEstimate& oe = e.ops[b.op];
    if (c > oe.interval_cycles) oe.interval_cycles = c, oe.bottleneck = b.phase->what + ", with queueing", oe.copies_bind = false;
    if (!worst || b.at(double(hi)) > worst->at(double(hi))) worst = &b;
  }
  e.interval_cycles = hi;
  e.bottleneck = "op " + m.ops[worst->op].op_id + ": " + worst->phase->what + ", with queueing";
  const auto longest = std::max_element(worst->queues.begin(), worst->queues.end(), [&](const Queue& a, const Queue& b) {
    return a.wait(double(hi)) < b.wait(double(hi));
  });
  e.pressed = longest->term.unit;
}

// Two channels in a row on some route (an injection port and the first link, a link and the next, the
// last link and the ejection port). A wormhole packet crossing both holds both while its flits stream,
// so those S flits keep both busy together; the A flits only the first carries and the B only the
// second carries fall on them at phases the twin does not know, so it lets them overlap as if at
// random: in an interval I, A·B/I cycles of them together. Both channels are then busy
// S + A + B − A·B/I cycles of the I, so the estimate is
//   I ≥ ((S + A + B) + √((S + A + B)² − 4AB)) / 2,
// at least the busier channel's load (S + A or S + B), and equal to it where the channels share no
// packets. (An estimate, not a strict bound: a run could overlap A and B more than at random.) The
// run shows why it binds: `neurosim22` naive DCN-v2 at batch 256 (docs/timing-model.md, *Channels in
// a row*) idles its busiest port, `noc_eject_r3`, just while the link into it carries packets bound
// beyond it and no other input has flits for it.
void addChannelPairs(const Ledger& busy, Estimate& e) {
  int64_t worst = 0;
  const ChannelPair* chosen = nullptr;
  for (const auto& [pair, s] : busy.shared) {
    const double a = std::max(0.0, busy.units.at(pair.first).busy - s), b = std::max(0.0, busy.units.at(pair.second).busy - s);
    const double total = s + a + b;
    const int64_t bound = int64_t(std::ceil((total + std::sqrt(std::max(0.0, total * total - 4 * a * b))) / 2));
    // Ties go to the lowest keys, whatever order the table holds the pairs in.
    const auto keys = [](const ChannelPair& p) { return std::make_pair(p.first, p.second); };
    if (bound > worst || (bound == worst && chosen && keys(pair) < keys(*chosen))) worst = bound, chosen = &pair;
  }
  e.channels_in_a_row_cycles = worst;
  if (!chosen || worst <= e.interval_cycles) return;
  const UnitLoad& first = busy.units.at(chosen->first);
  const UnitLoad& second = busy.units.at(chosen->second);
  e.interval_cycles = worst;
  e.bottleneck = "units " + first.unit.name() + " and " + second.unit.name() + " in a row";
  e.pressed = (first.busy >= second.busy ? first : second).unit;
}

// A batch of B samples where at most T samples pass in any L cycles and the pipeline otherwise passes
// one every I: sample n leaves no earlier than sample n − T plus L, nor than sample n − 1 plus I, so
// the last leaves ⌊(B − 1)/T⌋·L + ((B − 1) mod T)·I after the first (the first T pass at I).
int64_t batchCycles(int64_t latency, uint64_t batch, int64_t samples, int64_t cycles, int64_t free_interval) {
  if (batch == 0) return 0;
  const int64_t later = int64_t(batch - 1);
  return latency + later / samples * cycles + later % samples * free_interval;
}

// Copies of a pipelined MVM take samples in turn, sample n on copy n mod R (sim/run/OpRunner). Where
// their crossbars set the interval (⌈P/R⌉, P a copy's crossbar cycles a sample), R samples pass in
// any P cycles while the rest of the chip, the loaders and every unit's load would pass one every
// I_free: the first R samples, each on a free copy, pass at I_free (the batch form above). The copies'
// own ADC groups and S+A units (loaded by that op alone) are part of the copies, free for their first
// sample, not of the rest. Where several copied ops bind at once, the batch takes the longest of their
// forms. I_free takes the threads' waits at the steady interval: at the fill's faster pace they would
// be a little longer.
void addCopiesFill(Estimate& e, const Ledger& busy, int64_t loader_interval, uint64_t batch) {
  std::vector<size_t> bound;
  int64_t free_interval = std::max(loader_interval, e.channels_in_a_row_cycles);  // never the copies' own
  for (size_t i = 0; i < e.ops.size(); ++i) {
    const OpEstimate& oe = e.ops[i];
    if (oe.copies > 1 && oe.copies_bind && oe.interval_cycles == e.interval_cycles) {
      bound.push_back(i);
      free_interval = std::max(free_interval, oe.interval_without_copies);
    } else {
      free_interval = std::max(free_interval, oe.interval_cycles);
    }
  }
  if (bound.empty()) return;
  for (const auto& [key, load] : busy.units) {
    const bool converter = load.unit.kind == SharedUnit::Kind::Adc || load.unit.kind == SharedUnit::Kind::ShiftAdd;
    const bool the_copies_own = converter && load.own_busy >= load.busy &&
                                std::find(bound.begin(), bound.end(), load.owner) != bound.end();
    if (!the_copies_own) free_interval = std::max(free_interval, int64_t(std::ceil(load.busy)));
  }
  if (free_interval >= e.interval_cycles) return;
  int64_t cycles = 0;
  for (const size_t i : bound)
    cycles = std::max(cycles, batchCycles(e.latency_cycles, batch, e.ops[i].copies, e.ops[i].copy_period, free_interval));
  e.cycles = cycles;
}

// Where a loop of output buffers (sim/analytical/BufferLoops.h) holds T samples over L cycles and binds,
// the batch takes batchCycles with the interval I without it (the first T samples pass before the
// buffers fill). The steady state is ⌈L/T⌉ per sample.
void addBufferLoop(const BufferLoop& loop, const Mapping& m, uint64_t batch, Estimate& e) {
  const int64_t free_interval = e.interval_cycles;
  if (loop.interval > e.ops[loop.from].interval_cycles)
    e.ops[loop.from].interval_cycles = loop.interval, e.ops[loop.from].bottleneck = describe(loop, m);
  if (loop.interval <= free_interval) return;
  e.interval_cycles = loop.interval;
  e.bottleneck = "op " + m.ops[loop.from].op_id + ": " + describe(loop, m);
  e.pressed.reset();
  e.cycles = batchCycles(e.latency_cycles, batch, loop.samples, loop.cycles, free_interval);
}

}  // namespace

hw::EventCounts countsForBatch(const hw::Design& d, const Mapping& m, const OpPlan& op, uint64_t batch) {
  const StageCosts cost{d};
  hw::EventCounts per_sample, total;
  const EventCounter count{cost, per_sample};
  // Inputs: graph inputs are loaded by the loaders (io counts); other ops' outputs move home unless
  // a pipelined MVM reads them where they are; gathered rows land.
  recipe::sampleInputs(m, op, count);
  if (op.gather_bits > 0 && !op.table_on_chip) per_sample.offchip_bits += uint64_t(op.gather_bits);
  const hw::TileId source = inputSource(m, op);
  for (size_t k = 0; k < op.mvms.size(); ++k) {
    const MvmWork& w = op.mvms[k];
    const auto& replicas = op.groups[k];
    switch (op.mvmMode(k)) {
      case MvmMode::VectorUnit:
        recipe::vectorMvm(op, w, count);
        break;
      case MvmMode::RuntimeWritten: {
        const CrossbarGroup& g = replicas.front();
        hw::EventCounts one;
        recipe::operandDispatch(g, op.home, EventCounter{cost, one});
        for (const auto& x : g.crossbars) hw::crossbar_events::writeRows(x.task.rows_used, one);
        one += groupWork(d, g, op.home, op.home, w.vectors, w.act_bits);
        per_sample += one.scaled(uint64_t(w.matrices));
        break;
      }
      case MvmMode::Pipelined:
        // Sample n runs on replica n mod r.
        for (size_t r = 0; r < replicas.size(); ++r) {
          const uint64_t samples = batch > r ? (batch - r + replicas.size() - 1) / replicas.size() : 0;
          const auto relay = relayOf(m, op, r);
          hw::EventCounts hop;
          if (relay) recipe::relayTrip(source, *relay, replicas[r].inputBits(w.act_bits), EventCounter{cost, hop});
          total += hop.scaled(samples * uint64_t(w.vectors));
          total += groupWork(d, replicas[r], relay.value_or(source), op.home, w.vectors, w.act_bits).scaled(samples);
        }
        break;
      case MvmMode::Replicated: {
        // Vector v of a sample runs on replica v mod r.
        const auto share = vectorShares(w.vectors, replicas.size());
        for (size_t r = 0; r < replicas.size(); ++r)
          if (share[r] > 0) per_sample += groupWork(d, replicas[r], op.home, op.home, share[r], w.act_bits);
        break;
      }
    }
  }
  recipe::sampleOutput(op, count);
  if (op.consumers.empty()) per_sample.offchip_bits += uint64_t(op.output_bits);
  total += per_sample.scaled(batch);
  return total;
}

Estimate estimate(const hw::Design& d, const Mapping& m, uint64_t batch, bool with_counts) {
  const StageCosts cost{d};
  Estimate e;
  e.ops.resize(m.ops.size());
  Ledger busy;
  hw::EventCounts io;
  std::vector<std::vector<Phase>> phases(m.ops.size());
  int64_t loader_interval = 0;  // the graph inputs' loaders' pace

  for (size_t i = 0; i < m.ops.size(); ++i) {
    const OpPlan& op = m.ops[i];
    OpEstimate& oe = e.ops[i];
    const bool pipelined = op.pipelinedMvm();
    // The op starts a sample once every input is ready, then moves its inputs home one after another
    // (sim/run/OpRunner::sequentialLoop): the moves are part of its own time, not of its inputs'.
    int64_t ready = 0, moves = 0;
    busy.op = i;
    Visits visits, dispatch_visits, reduce_visits;  // where its sample thread, dispatcher, collector queue
    for (size_t k = 0; k < op.producers.size(); ++k) {
      const int64_t bits = op.input_bits[k];
      if (op.producers[k] < 0) {
        int64_t landed = 0;
        recipe::inputLanding(op.home, bits, SamplePricer{landed, {busy, cost, 1.0}});
        recipe::inputLanding(op.home, bits, EventCounter{cost, io});
        ready = std::max(ready, cost.offchip(bits) + landed);
        // The loader prefetches (sim/run/InputLoader): its own steady-state interval.
        loader_interval = std::max(loader_interval, cost.prefetchInterval(op, 1, bits));
        if (cost.prefetchInterval(op, 1, bits) > e.interval_cycles) {
          e.interval_cycles = cost.prefetchInterval(op, 1, bits);
          e.bottleneck = "loader of " + op.input_ids[k];
        }
        addOffchip(busy, d, 1, bits);
        io.offchip_bits += uint64_t(bits);
      } else {
        recipe::moveInput(m, op, k, SamplePricer{moves, {busy, cost, 1.0, &visits}});
        ready = std::max(ready, e.ops[size_t(op.producers[k])].end_cycle);
      }
    }
    oe.start_cycle = ready;
    int64_t own = moves + cost.offchipGather(op), interval = 0;
    if (op.gather_bits > 0 && !op.table_on_chip) addOffchip(busy, d, op.gather_requests, op.gather_bits);
    const SamplePricer price{own, {busy, cost, 1.0, &visits}};
    recipe::gatherLanding(op, price);
    const hw::TileId source = inputSource(m, op);
    for (size_t k = 0; k < op.mvms.size(); ++k) {
      const MvmWork& w = op.mvms[k];
      const auto& replicas = op.groups[k];
      switch (op.mvmMode(k)) {
        case MvmMode::VectorUnit:
          recipe::vectorMvm(op, w, price);
          break;
        case MvmMode::RuntimeWritten:
          own += cost.runtimeMvm(w, replicas.front(), op.home);
          recipe::groupDispatch(replicas.front(), op.home, w.act_bits,
                                VisitRecorder{busy, cost, visits, double(w.vectors * w.matrices)});
          addGroupLoads(busy, d, replicas.front(), op.home, op.home, w.vectors, w.act_bits, double(w.matrices));
          break;
        case MvmMode::Pipelined: {
          // Dispatch (one thread for all replicas), crossbars (replicas take alternate samples) and
          // reduction overlap across samples.
          const CrossbarGroup& g = replicas.front();
          // A relayed op's copies are sent their rows from their first tiles (OpPlan::relay_dispatch),
          // once the dispatcher has moved each input vector there whole: copy k's `hop[k]` cycles a
          // vector (0 where there is no hop), worked out once per copy.
          std::vector<std::optional<hw::TileId>> relay(replicas.size());
          std::vector<hw::TileId> from(replicas.size(), source);
          std::vector<int64_t> hop(replicas.size(), 0);
          for (size_t k = 0; k < replicas.size(); ++k) {
            relay[k] = relayOf(m, op, k);
            if (!relay[k]) continue;
            from[k] = *relay[k];
            hop[k] = cost.cyclesOf([&](auto&& step) { recipe::relayTrip(source, *relay[k], replicas[k].inputBits(w.act_bits), step); });
          }
          const int64_t front_reduction = cost.reduction(g, op.home, w.vectors);
          const int64_t trip = w.vectors * hop[0] + cost.groupMvm(g, from[0], w.vectors, w.act_bits) + front_reduction;
          own += trip;
          const int64_t one_dispatch = cost.dispatch(g, from[0], w.act_bits);
          int64_t xbar = 0;
          std::vector<int64_t> group_conv;
          const std::vector<int64_t> adc_cycles = adcCyclesPerSlice(d, g, &group_conv);
          const std::vector<OutputRegisterTurn> turns = outputRegisterTurns(d, g, adc_cycles);
          std::map<hw::TileId, int64_t> trips_to;  // the dispatch's trip to each of the group's tiles
          for (hw::TileId t : g.tiles)
            trips_to[t] = cost.cyclesOf([&](auto&& step) { recipe::vectorTrip(from[0], t, g.vectorBits(t, w.act_bits), step); });
          // What holds the slowest crossbar, for the bottleneck's name: its register's turns, the
          // conversions its PE's S+A units or its ADC group take in turn, or its own reads and conversions.
          const char* xbar_name = "crossbars";
          for (size_t i = 0; i < g.crossbars.size(); ++i) {
            const auto& x = g.crossbars[i];
            const int64_t period = crossbarPeriod(d, x.task, w.act_bits, one_dispatch, trips_to.at(x.place.tile), adc_cycles[i]);
            if (std::max(period, turns[i].period) <= xbar) continue;
            xbar = std::max(period, turns[i].period);
            const int64_t read = d.crossbar.read_cycles;
            if (turns[i].period > period)
              xbar_name = "crossbars, waiting for output-register room";
            else if (adc_cycles[i] > std::max(group_conv[i], read))
              xbar_name = "crossbars, converting in turn at their PE's S+A units";
            else if (group_conv[i] > std::max(conversionCycles(d, x.task.cols_used), read))
              xbar_name = "crossbars, converting in turn at a shared ADC group";
            else
              xbar_name = "crossbars";
          }
          // One dispatcher feeds the replicas a sample at a time (sim/run/OpRunner::dispatchLoop), and
          // it waits while the replica's input register is full: beyond the vectors the register
          // holds, it sends a sample's vectors at that replica's crossbar period.
          int64_t slots = w.vectors;
          for (const auto& x : g.crossbars)
            slots = std::min(slots, hw::MvmGeometry::inputRegisterSlots(d, x.task.rows_used, w.act_bits));
          // The dispatcher sends sample n to replica n mod R (sim/run/OpRunner::dispatchLoop): per sample,
          // the mean of the replicas' trips, and each replica's units visited on 1/R of the samples.
          const double per_replica = 1.0 / double(replicas.size());
          // The copies have the same crossbars on other tiles: their trips differ by how far their
          // vectors and results travel (a whole groupMvm per copy cost the mapper 30 % of its time).
          // Relayed, the dispatcher's share is the hops, and each copy's relay sends its own samples'
          // rows: every copy-th sample, so its work over the copies.
          int64_t trips = 0, hops = 0, slowest_relay = 0, reductions = 0, longest_travel = 0;
          Visits relay_visits;
          for (size_t k = 0; k < replicas.size(); ++k) {
            const CrossbarGroup& r = replicas[k];
            const int64_t dispatch_r = cost.dispatch(r, from[k], w.act_bits), reduction_r = cost.reduction(r, op.home, w.vectors);
            if (op.relay_dispatch)
              slowest_relay = std::max(slowest_relay, dispatch_r);
            else
              trips += dispatch_r;
            hops += hop[k];
            reductions += reduction_r;
            longest_travel = std::max(longest_travel, w.vectors * hop[k] + dispatch_r + reduction_r);
            if (relay[k])
              recipe::relayTrip(source, *relay[k], r.inputBits(w.act_bits), VisitRecorder{busy, cost, dispatch_visits, double(w.vectors) * per_replica, true});
            // Relayed, a copy's relay sends every R-th sample: the mean relay's visits per sample are
            // each copy's over R (its `relays` term below is its sends over R too).
            if (op.relay_dispatch)
              recipe::groupDispatch(r, from[k], w.act_bits,
                                    VisitRecorder{busy, cost, relay_visits, double(w.vectors) * per_replica * per_replica, true});
            else
              recipe::groupDispatch(r, from[k], w.act_bits, VisitRecorder{busy, cost, dispatch_visits, double(w.vectors) * per_replica, true});
            recipe::reduction(r, op.home, w.vectors, VisitRecorder{busy, cost, reduce_visits, per_replica, true});
          }
          const int64_t longest_trip = trip + longest_travel - w.vectors * hop[0] - one_dispatch - front_reduction;
          const int64_t mean_dispatch = ceilDiv(trips + hops, int64_t(replicas.size()));
          // The collector then writes the sample's output, a graph output through the off-chip port,
          // before it reduces the next sample (sim/run/OpRunner::finishSample).
          const int64_t written = cost.cyclesOf([&](auto&& step) { recipe::sampleOutput(op, step); }) +
                                  (op.consumers.empty() ? cost.offchipBusy(op.output_bits) : 0);
          const int64_t mean_reduction = ceilDiv(reductions, int64_t(replicas.size())) + written;
          // A sender waits while its copy's input register is full (above): the dispatcher, or relayed,
          // each copy's relay.
          const auto sending = [&](int64_t one) { return std::max(w.vectors * one, (w.vectors - slots) * xbar + slots * one); };
          const int64_t dispatch = op.relay_dispatch ? w.vectors * mean_dispatch : sending(mean_dispatch);
          const int64_t relaying = op.relay_dispatch ? ceilDiv(sending(slowest_relay), int64_t(replicas.size())) : 0;
          const std::pair<int64_t, const char*> terms[] = {
              {dispatch, "dispatch"},
              {ceilDiv(w.vectors * xbar, int64_t(replicas.size())), xbar_name},
              {mean_reduction, "reduction"},
              {relaying, "relays"},
              // The dispatcher runs at most partialSumDepth samples ahead of the reduction
              // (sim/run/OpRunner::dispatchLoop): each copy holds its share of them over its own trip,
              // and the copies take samples in turn, so the slowest copy's trip sets the pace.
              {ceilDiv(longest_trip, cost.partialSumDepth(op)), "partial sums awaiting reduction"}};
          for (const auto& term : terms)
            if (term.first > interval) interval = term.first, oe.bottleneck = term.second, oe.copies_bind = &term == &terms[1];
          oe.copies = int64_t(replicas.size());
          oe.copy_period = w.vectors * xbar;
          for (const auto& term : terms)  // all but the copies' crossbars, terms[1]
            if (&term != &terms[1]) oe.interval_without_copies = std::max(oe.interval_without_copies, term.first);
          sumPerThread(dispatch_visits);
          sumPerThread(reduce_visits);
          sumPerThread(relay_visits);  // the mean relay's own load: it queues behind the other relays'
          phases[i] = {{w.vectors * mean_dispatch, "dispatch", std::move(dispatch_visits)},
                       {dispatch, "dispatch", {}},
                       {ceilDiv(w.vectors * xbar, int64_t(replicas.size())), xbar_name, {}},
                       {mean_reduction, "reduction", std::move(reduce_visits)}};
          if (op.relay_dispatch) phases[i].push_back({relaying, "relays", std::move(relay_visits)});
          const std::vector<double> hold = adcHoldFactors(d, g);
          for (size_t k = 0; k < replicas.size(); ++k) {
            if (relay[k])
              recipe::relayTrip(source, *relay[k], replicas[k].inputBits(w.act_bits), LoadAdder{busy, cost, double(w.vectors) * per_replica});
            addGroupLoads(busy, d, replicas[k], from[k], op.home, w.vectors, w.act_bits, per_replica, &hold);
          }
          break;
        }
        case MvmMode::Replicated: {
          const auto share = vectorShares(w.vectors, replicas.size());
          own += cost.groupMvm(replicas.front(), op.home, share[0], w.act_bits, int64_t(replicas.size()));
          for (size_t r = 0; r < replicas.size(); ++r) {
            if (share[r] == 0) continue;
            own += cost.reduction(replicas[r], op.home, share[r]);
            recipe::groupDispatch(replicas[r], op.home, w.act_bits, VisitRecorder{busy, cost, visits, double(share[r])});
            recipe::reduction(replicas[r], op.home, share[r], VisitRecorder{busy, cost, visits, 1.0});
            addGroupLoads(busy, d, replicas[r], op.home, op.home, share[r], w.act_bits, 1.0);
          }
          break;
        }
      }
    }
    recipe::sampleOutput(op, price);
    // What later samples overlap: a posted output write's latency, and a prefetched gather's off-chip
    // part, which its fetch process runs ahead (sim/run/OpRunner) at its own interval.
    int64_t overlapped = cost.offchipGather(op);
    if (op.consumers.empty()) {
      own += cost.offchip(op.output_bits);
      overlapped += cost.offchip(op.output_bits) - cost.offchipBusy(op.output_bits);
      addOffchip(busy, d, 1, op.output_bits);
    }
    oe.end_cycle = ready + own;
    // An op that is not a pipelined MVM handles one sample at a time.
    oe.interval_cycles = pipelined ? interval : own - overlapped;
    if (!pipelined) oe.bottleneck = "one sample at a time";
    if (cost.prefetchesGather(op) && cost.prefetchInterval(op, op.gather_requests, op.gather_bits) > oe.interval_cycles) {
      oe.interval_cycles = cost.prefetchInterval(op, op.gather_requests, op.gather_bits);
      oe.bottleneck = "off-chip gather", oe.copies_bind = false;
    }
    // The sample loop waits in queues; a prefetching fetch (the off-chip gather bound) runs apart.
    if (!pipelined) phases[i] = {{own - overlapped, "one sample at a time", std::move(visits)}};
    for (Phase& p : phases[i])
      for (Visit& v : p.visits)
        if (!v.per_thread && v.unit->second.owner == i)
          v.own_busy = v.unit->second.own_busy, v.own_requests = v.unit->second.own_requests, v.own_square = v.unit->second.own_square;
    if (with_counts) oe.counts = countsForBatch(d, m, op, batch);
    if (op.consumers.empty()) e.latency_cycles = std::max(e.latency_cycles, oe.end_cycle);
    if (oe.interval_cycles > e.interval_cycles) {
      e.interval_cycles = oe.interval_cycles;
      e.bottleneck = "op " + op.op_id + ": " + oe.bottleneck;
    }
  }
  // The busiest unit, if it sets the interval (ties: the first name).
  const UnitLoad* busiest = nullptr;
  std::string busiest_name;
  e.loads.reserve(busy.units.size());
  for (const auto& [key, load] : busy.units) {
    if (load.busy <= 0) continue;
    e.loads.emplace_back(key, load.busy);
    if (with_counts) e.unit_loads.emplace(load.unit.name(), load.busy);
    const int64_t c = int64_t(std::ceil(load.busy));
    if (c <= e.interval_cycles) continue;
    const int64_t best = busiest ? int64_t(std::ceil(busiest->busy)) : 0;
    if (!busiest || c > best || (c == best && load.unit.name() < busiest_name)) busiest = &load, busiest_name = load.unit.name();
  }
  if (busiest) {
    e.interval_cycles = int64_t(std::ceil(busiest->busy));
    e.bottleneck = "unit " + busiest_name;
    e.pressed = busiest->unit;
  }
  addChannelPairs(busy, e);
  addQueueing(phases, m, e);
  e.io_counts = io.scaled(batch);
  e.cycles = batch == 0 ? 0 : e.latency_cycles + int64_t(batch - 1) * e.interval_cycles;
  if (with_counts) addCopiesFill(e, busy, loader_interval, batch);
  // The mapper's rounds leave the buffers' loops out: replication does not shorten them, and where one
  // binds every round would look futile. It deepens the loop's buffers after them instead
  // (sim/mapping/Mapper, deepenBufferLoops).
  if (with_counts) addBufferLoop(tightestBufferLoop(d, m, e), m, batch, e);
  return e;
}

}  // namespace autorac::sim
