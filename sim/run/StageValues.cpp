#include "sim/run/StageValues.h"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace autorac::sim {

const hw::PacketValues* StageValues::Packet::make(OpValues& op, bool between_tiles) {
  landed.assign(sent.size(), 0);
  values = hw::PacketValues{sent.data(), landed.data(), sent.size()};
  if (between_tiles) op.countCarried(sent.size());
  return &values;
}

StageValues::StageValues(const CrossbarGroup& group, OpValues& op)
    : group_(group), op_(op), tile_blocks_(group.tiles.size()), reducer_outputs_(group.reducers.size()),
      results_(group.reducers.size()) {
  const hw::MvmGeometry& g = group.geometry;
  const auto index_in = [](const auto& list, auto match) {
    const auto it = std::find_if(list.begin(), list.end(), match);
    if (it == list.end()) throw std::logic_error("functional run: a crossbar's tile or reducer is not its group's");
    return size_t(it - list.begin());
  };
  for (const CrossbarAssignment& x : group.crossbars) {
    const size_t t = index_in(group.tiles, [&](hw::TileId id) { return id == x.place.tile; });
    tile_of_crossbar_.push_back(t);
    auto& blocks = tile_blocks_[t];
    if (std::find(blocks.begin(), blocks.end(), x.row_block) == blocks.end()) blocks.push_back(x.row_block);
    const size_t r = index_in(group.reducers, [&](const CrossbarGroup::Reducer& red) { return red.tile == group.reducerOf(x); });
    reducer_of_crossbar_.push_back(r);
    for (int64_t o = g.firstOutput(x.col_block); o <= g.lastOutput(x.col_block); ++o) reducer_outputs_[r].push_back(o);
  }
  for (auto& blocks : tile_blocks_) std::sort(blocks.begin(), blocks.end());
  for (size_t r = 0; r < reducer_outputs_.size(); ++r) {
    auto& outs = reducer_outputs_[r];
    std::sort(outs.begin(), outs.end());
    outs.erase(std::unique(outs.begin(), outs.end()), outs.end());
    if (int64_t(outs.size()) != group.reducers[r].outputs)
      throw std::logic_error("functional run: reducer " + std::to_string(r) + " sums " + std::to_string(outs.size()) +
                             " outputs, its transfer is priced for " + std::to_string(group.reducers[r].outputs));
  }
  for (size_t c = 0; c < group.crossbars.size(); ++c) {
    const auto& outs = reducer_outputs_[reducer_of_crossbar_[c]];
    crossbar_at_.push_back(size_t(std::lower_bound(outs.begin(), outs.end(), g.firstOutput(group.crossbars[c].col_block)) - outs.begin()));
  }
}

void StageValues::beginJob(uint64_t job, uint64_t vector) {
  if (!op_.carries(vector)) return;
  Job& j = jobs_[job];
  j.vector = vector;
  j.inputs.resize(group_.tiles.size());
  j.sums.resize(group_.crossbars.size());
}

const hw::PacketValues* StageValues::inputTo(uint64_t job, size_t tile_index, hw::TileId source) {
  const auto it = jobs_.find(job);
  if (it == jobs_.end()) return nullptr;
  Packet& p = it->second.inputs[tile_index];
  const int64_t* row = op_.inputRow(it->second.vector);
  const hw::MvmGeometry& g = group_.geometry;
  p.sent.clear();
  for (const int64_t rb : tile_blocks_[tile_index]) p.sent.insert(p.sent.end(), row + rb * g.rows, row + rb * g.rows + g.rowsUsed(rb));
  return p.make(op_, source != group_.tiles[tile_index]);
}

const hw::PacketValues* StageValues::partialSums(uint64_t job, size_t crossbar_index) {
  const auto it = jobs_.find(job);
  if (it == jobs_.end()) return nullptr;
  const CrossbarAssignment& x = group_.crossbars[crossbar_index];
  const size_t t = tile_of_crossbar_[crossbar_index];
  const hw::MvmGeometry& g = group_.geometry;
  // The crossbar reads its own row block of what landed on its tile.
  const std::vector<int64_t>& landed = it->second.inputs[t].landed;
  int64_t offset = 0;
  for (const int64_t rb : tile_blocks_[t]) {
    if (rb == x.row_block) break;
    offset += g.rowsUsed(rb);
  }
  Packet& p = it->second.sums[crossbar_index];
  p.sent = op_.crossbarSums(landed.data() + offset, x);
  return p.make(op_, x.place.tile != group_.reducerOf(x));
}

const hw::PacketValues* StageValues::results(size_t reducer_index, uint64_t first_job, int64_t vectors, hw::TileId home) {
  const size_t width = reducer_outputs_[reducer_index].size();
  Packet& p = results_[reducer_index];
  p.sent.clear();
  for (uint64_t job = first_job; job < first_job + uint64_t(vectors); ++job) {
    const auto it = jobs_.find(job);
    if (it == jobs_.end()) continue;
    const size_t at = p.sent.size();
    p.sent.resize(at + width, 0);
    for (size_t c = 0; c < group_.crossbars.size(); ++c) {
      if (reducer_of_crossbar_[c] != reducer_index) continue;
      const std::vector<int64_t>& sums = it->second.sums[c].landed;
      for (size_t i = 0; i < sums.size(); ++i) p.sent[at + crossbar_at_[c] + i] += sums[i];
    }
  }
  if (p.sent.empty()) return nullptr;
  return p.make(op_, group_.reducers[reducer_index].tile != home);
}

void StageValues::finish(uint64_t first_job, int64_t vectors) {
  size_t carried = 0;  // the job's place in each reducer's results
  for (uint64_t job = first_job; job < first_job + uint64_t(vectors); ++job) {
    const auto it = jobs_.find(job);
    if (it == jobs_.end()) continue;
    std::vector<int64_t> acc(size_t(group_.geometry.out_features), 0);
    for (size_t r = 0; r < reducer_outputs_.size(); ++r) {
      const std::vector<int64_t>& outs = reducer_outputs_[r];
      const std::vector<int64_t>& landed = results_[r].landed;
      for (size_t i = 0; i < outs.size(); ++i) acc[size_t(outs[i])] += landed.at(carried * outs.size() + i);
    }
    op_.finish(it->second.vector, std::move(acc));
    jobs_.erase(it);
    ++carried;
  }
}

}  // namespace autorac::sim
