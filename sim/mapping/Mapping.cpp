#include "sim/mapping/Mapping.h"

#include <set>

namespace autorac::sim {

const char* strategyName(Strategy s) { return s == Strategy::Naive ? "naive" : "optimized"; }
const char* engineName(Engine e) { return e == Engine::VectorUnit ? "vector_unit" : "runtime_crossbars"; }

const char* mvmModeName(MvmMode m) {
  switch (m) {
    case MvmMode::VectorUnit: return "vector_unit";
    case MvmMode::RuntimeWritten: return "runtime_crossbars";
    case MvmMode::Pipelined: return "pipelined";
    case MvmMode::Replicated: return "replicated";
  }
  return "?";
}

MvmMode OpPlan::mvmMode(size_t k) const {
  const MvmWork& w = mvms.at(k);
  if (w.dynamic) return engine == Engine::VectorUnit ? MvmMode::VectorUnit : MvmMode::RuntimeWritten;
  // A single static MVM and nothing else (no gather, one input) runs as a 3-stage pipeline.
  if (mvms.size() == 1 && gather_bits == 0 && producers.size() == 1) return MvmMode::Pipelined;
  return MvmMode::Replicated;
}

int OpPlan::replication() const {
  for (size_t k = 0; k < mvms.size(); ++k)
    if (!mvms[k].dynamic) return int(groups.at(k).size());
  return 1;
}

int64_t OpPlan::crossbarCount() const {
  int64_t n = 0;
  for (const auto& replicas : groups)
    for (const auto& g : replicas) n += int64_t(g.crossbars.size());
  return n;
}

int64_t Mapping::crossbarsUsed() const {
  int64_t n = 0;
  for (const auto& op : ops) n += op.crossbarCount();
  return n;
}

std::vector<hw::CrossbarPlace> Mapping::places() const {
  std::vector<hw::CrossbarPlace> out;
  for (const auto& op : ops)
    for (const auto& replicas : op.groups)
      for (const auto& g : replicas)
        for (const auto& x : g.crossbars) out.push_back(x.place);
  return out;
}

std::vector<hw::TileId> Mapping::homeTiles() const {
  std::vector<hw::TileId> out;
  for (const auto& op : ops) out.push_back(op.home);
  return out;
}

int Mapping::pesUsed() const {
  std::set<std::pair<int, int>> pes;
  for (const auto& p : places()) pes.insert({p.tile.value, p.pe.value});
  return int(pes.size());
}

int Mapping::tilesUsed() const {
  std::set<int> tiles;
  for (const auto& p : places()) tiles.insert(p.tile.value);
  for (const auto& t : homeTiles()) tiles.insert(t.value);
  return int(tiles.size());
}

}  // namespace autorac::sim
