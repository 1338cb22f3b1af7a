#include "sim/mapping/HomeSpreading.h"

#include <algorithm>
#include <set>
#include <string>
#include <tuple>

#include "sim/mapping/EdramPlan.h"

namespace autorac::sim {
namespace {

// The tiles whose homes load a shared unit; none for units no home owns (the bus interconnect, the
// off-chip port, ADC groups, S+A units).
std::set<int> tilesOfUnit(const hw::Design& d, const SharedUnit& unit) {
  const auto routerTiles = [&](int router, std::set<int>& out) {
    const int c = d.interconnect.concentration;
    for (int t = router * c; t < std::min(d.tiles, (router + 1) * c); ++t) out.insert(t);
  };
  std::set<int> tiles;
  using Kind = SharedUnit::Kind;
  using Channel = hw::noc::Channel::Kind;
  switch (unit.kind) {
    case Kind::Edram:
    case Kind::Bus:
    case Kind::Vector: tiles.insert(unit.tile); break;
    case Kind::Channel:
      if (unit.channel.kind == Channel::Interconnect) break;
      routerTiles(unit.channel.router, tiles);
      if (unit.channel.kind == Channel::Link) routerTiles(unit.channel.next, tiles);
      break;
    default: break;
  }
  return tiles;
}

constexpr ptrdiff_t kNearTiles = 4;  // nearest tiles off the unit tried per op

// Where op `i` might go: its groups' homes, its neighbours' homes in the graph, and the tiles nearest
// its home off the bottleneck unit.
std::set<int> targetsFor(const hw::Design& d, const Mapping& m, size_t i, const PeAllocator& pes, const std::set<int>& off) {
  const OpPlan& op = m.ops[i];
  std::set<int> out;
  for (const auto& replicas : op.groups)
    for (const auto& g : replicas) out.insert(g.home.value);
  for (int p : op.producers)
    if (p >= 0) out.insert(m.ops[size_t(p)].home.value);
  for (size_t c : op.consumers) out.insert(m.ops[c].home.value);
  std::vector<int> near;
  for (int t = 0; t < d.tiles; ++t)
    if (!off.count(t)) near.push_back(t);
  const auto closer = [&](int a, int b) {
    return std::make_pair(pes.distance(op.home, hw::TileId(a)), a) < std::make_pair(pes.distance(op.home, hw::TileId(b)), b);
  };
  std::partial_sort(near.begin(), near.begin() + std::min<ptrdiff_t>(kNearTiles, ptrdiff_t(near.size())), near.end(), closer);
  near.resize(std::min<size_t>(kNearTiles, near.size()));
  out.insert(near.begin(), near.end());
  for (int t : off) out.erase(t);
  return out;
}

// Hops all ops' inputs travel from their producers (the tie-break: less traffic).
int64_t hopsAround(const Mapping& m, const PeAllocator& pes) {
  int64_t hops = 0;
  for (const auto& op : m.ops)
    for (int p : op.producers)
      if (p >= 0) hops += pes.distance(m.ops[size_t(p)].home, op.home);
  return hops;
}

}  // namespace

bool moveHomeOff(const hw::Design& d, Mapping& m, const PeAllocator& pes, const SharedUnit& unit, const Estimate& e,
                 uint64_t batch) {
  const std::set<int> off = tilesOfUnit(d, unit);
  if (off.empty()) return false;
  // Interval, the unit's load, latency; then hops, computed only to break a tie.
  using Score = std::tuple<int64_t, double, int64_t>;
  const auto scoreOf = [&](const Estimate& x) {
    return Score{x.interval_cycles, x.loadOf(unit), x.latency_cycles};
  };
  Score best = scoreOf(e);
  int64_t best_hops = -1;  // of the best so far, once needed
  const auto hopsOfBest = [&](size_t op, hw::TileId home) {
    if (best_hops < 0) {
      if (op < m.ops.size()) std::swap(m.ops[op].home, home);
      best_hops = hopsAround(m, pes);
      if (op < m.ops.size()) std::swap(m.ops[op].home, home);
    }
    return best_hops;
  };
  size_t best_op = m.ops.size();
  hw::TileId best_home;
  // The ops that move the most data through their home: kMovers of them are tried each round (all of
  // them cost ~1,000 estimates a mapping of DCN-v2, and a few candidates of the co-search 10 s).
  constexpr size_t kMovers = 6;
  std::vector<size_t> order;
  for (size_t i = 0; i < m.ops.size(); ++i)
    if (off.count(m.ops[i].home.value) && !m.ops[i].table_on_chip) order.push_back(i);
  const auto volume = [&](size_t i) {
    int64_t bits = m.ops[i].output_bits + m.ops[i].gather_bits;
    for (int64_t b : m.ops[i].input_bits) bits += b;
    return bits;
  };
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return volume(a) > volume(b); });
  if (order.size() > kMovers) order.resize(kMovers);
  std::sort(order.begin(), order.end());
  for (size_t i : order) {
    OpPlan& op = m.ops[i];
    const hw::TileId was = op.home;
    for (int t : targetsFor(d, m, i, pes, off)) {
      op.home = hw::TileId(t);
      if (!tryPlanEdram(d, m)) {
        const Score score = scoreOf(estimate(d, m, batch, false));
        bool better = score < best;
        if (!better && score == best) {
          op.home = was;
          const int64_t old_hops = hopsOfBest(best_op, best_home);
          op.home = hw::TileId(t);
          better = hopsAround(m, pes) < old_hops;
        }
        if (better) best = score, best_op = i, best_home = op.home, best_hops = -1;
      }
      op.home = was;
    }
  }
  if (best_op < m.ops.size()) m.ops[best_op].home = best_home;
  tryPlanEdram(d, m);  // the plan of the homes kept (they fitted before)
  return best_op < m.ops.size();
}

}  // namespace autorac::sim
