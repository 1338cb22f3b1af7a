#include "sim/run/StageValues.h"

#include <algorithm>
#include <stdexcept>

namespace autorac::sim {

const hw::PacketValues* StageValues::Packet::make(OpValues& op) {
  landed.assign(sent.size(), 0);
  values = hw::PacketValues{sent.data(), landed.data(), sent.size()};
  op.countCarried(sent.size());
  return &values;
}

StageValues::StageValues(const CrossbarGroup& group, OpValues& op)
    : group_(group), op_(op), tile_blocks_(group.tiles.size()), ranges_(group.reducers.size()),
      results_(group.reducers.size()) {
  const hw::FunctionalMvm& mvm = op.mvm();
  const auto index_in = [](const auto& list, auto match) {
    const auto it = std::find_if(list.begin(), list.end(), match);
    if (it == list.end()) throw std::logic_error("functional run: a crossbar's tile or reducer is not its group's");
    return size_t(it - list.begin());
  };
  for (auto& r : ranges_) r = {INT64_MAX, 0};
  for (const CrossbarAssignment& x : group.crossbars) {
    const size_t t = index_in(group.tiles, [&](hw::TileId id) { return id == x.place.tile; });
    tile_of_crossbar_.push_back(t);
    auto& blocks = tile_blocks_[t];
    if (std::find(blocks.begin(), blocks.end(), x.row_block) == blocks.end()) blocks.push_back(x.row_block);
    const size_t r = index_in(group.reducers, [&](const CrossbarGroup::Reducer& red) { return red.tile == group.reducerOf(x); });
    reducer_of_crossbar_.push_back(r);
    const int64_t cols = group.geometry.cols, nw = group.geometry.weightSlices();
    ranges_[r].first = std::min(ranges_[r].first, mvm.firstOutput(x.col_block));
    ranges_[r].end = std::max(ranges_[r].end, (x.col_block * cols + group.geometry.colsUsed(x.col_block) - 1) / nw + 1);
  }
  for (auto& blocks : tile_blocks_) std::sort(blocks.begin(), blocks.end());
  for (auto& r : ranges_)
    if (r.first > r.end) r = {0, 0};
}

void StageValues::beginJob(uint64_t job, uint64_t vector) {
  if (!op_.carries(vector)) return;
  Job& j = jobs_[job];
  j.vector = vector;
  j.inputs.resize(group_.tiles.size());
  j.sums.resize(group_.crossbars.size());
}

const hw::PacketValues* StageValues::inputTo(uint64_t job, size_t tile_index) {
  const auto it = jobs_.find(job);
  if (it == jobs_.end()) return nullptr;
  Packet& p = it->second.inputs[tile_index];
  const int64_t* row = op_.inputRow(it->second.vector);
  const hw::MvmGeometry& g = group_.geometry;
  p.sent.clear();
  for (const int64_t rb : tile_blocks_[tile_index]) p.sent.insert(p.sent.end(), row + rb * g.rows, row + rb * g.rows + g.rowsUsed(rb));
  return p.make(op_);
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
  return p.make(op_);
}

const hw::PacketValues* StageValues::results(size_t reducer_index, uint64_t first_job, int64_t vectors) {
  const ReducerRange range = ranges_[reducer_index];
  const int64_t width = range.end - range.first;
  Packet& p = results_[reducer_index];
  p.sent.clear();
  for (uint64_t job = first_job; job < first_job + uint64_t(vectors); ++job) {
    const auto it = jobs_.find(job);
    if (it == jobs_.end()) continue;
    std::vector<int64_t> acc(size_t(width), 0);
    for (size_t c = 0; c < group_.crossbars.size(); ++c) {
      if (reducer_of_crossbar_[c] != reducer_index) continue;
      const std::vector<int64_t>& sums = it->second.sums[c].landed;
      const int64_t at = op_.mvm().firstOutput(group_.crossbars[c].col_block) - range.first;
      for (size_t i = 0; i < sums.size(); ++i) acc[size_t(at) + i] += sums[i];
    }
    p.sent.insert(p.sent.end(), acc.begin(), acc.end());
  }
  if (p.sent.empty()) return nullptr;
  return p.make(op_);
}

void StageValues::finish(uint64_t first_job, int64_t vectors) {
  const hw::MvmGeometry& g = group_.geometry;
  size_t carried = 0;  // the jobs' position in each reducer's results
  for (uint64_t job = first_job; job < first_job + uint64_t(vectors); ++job) {
    const auto it = jobs_.find(job);
    if (it == jobs_.end()) continue;
    std::vector<int64_t> acc(size_t(g.out_features), 0);
    for (size_t r = 0; r < ranges_.size(); ++r) {
      const int64_t width = ranges_[r].end - ranges_[r].first;
      const std::vector<int64_t>& landed = results_[r].landed;
      for (int64_t i = 0; i < width; ++i) acc[size_t(ranges_[r].first + i)] += landed.at(carried * size_t(width) + size_t(i));
    }
    op_.finish(it->second.vector, std::move(acc));
    jobs_.erase(it);
    ++carried;
  }
}

}  // namespace autorac::sim
