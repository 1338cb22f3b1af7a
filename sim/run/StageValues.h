#pragma once
// A crossbar group's values in flight in a functional run (pimsim --functional), job by job, along
// the path MvmStage times: the input vector's rows go to each tile of the group, each crossbar computes
// its partial sums from the rows that landed on its tile, the partial sums go to their column block's
// reducer, each reducer sums the ones that landed there and sends them on to the op's home, where the
// op finishes the vector from what landed (OpValues::finish). Every hook returns the packet its
// transfer carries (hw/PacketValues.h): the sender's values and the receiver's landing buffer, which
// live until the job is finished. A job whose vector carries no tensor row gets no packets (null).
// A reducer's packet holds exactly the outputs the mapping prices it for (CrossbarGroup::Reducer::
// outputs, the bits of its transfer): a mismatch is a simulator bug, refused at construction.
#include <cstdint>
#include <map>
#include <vector>

#include "hw/Ids.h"
#include "hw/PacketValues.h"
#include "sim/mapping/Mapping.h"
#include "sim/run/OpValues.h"

namespace autorac::sim {

class StageValues {
public:
  StageValues(const CrossbarGroup& group, OpValues& op);
  OpValues& op() { return op_; }

  // At dispatch: job `job` is the op's simulated vector `vector`.
  void beginJob(uint64_t job, uint64_t vector);
  // The input rows tile group.tiles[tile_index] holds, on their way there from `source`.
  const hw::PacketValues* inputTo(uint64_t job, size_t tile_index, hw::TileId source);
  // Crossbar group.crossbars[crossbar_index]'s partial sums, computed from the rows landed on its tile.
  const hw::PacketValues* partialSums(uint64_t job, size_t crossbar_index);
  // Reducer group.reducers[reducer_index]'s sums of jobs first_job.. (`vectors` of them), from the
  // partial sums landed there, on their way to the op's home `home`.
  const hw::PacketValues* results(size_t reducer_index, uint64_t first_job, int64_t vectors, hw::TileId home);
  // At the op's home, once every reducer's results of those jobs have landed.
  void finish(uint64_t first_job, int64_t vectors);

private:
  struct Packet {
    std::vector<int64_t> sent, landed;
    hw::PacketValues values;
    // landed sized as sent; values crossing between tiles count as carried (OpValues::countCarried).
    const hw::PacketValues* make(OpValues& op, bool between_tiles);
  };
  struct Job {
    uint64_t vector = 0;
    std::vector<Packet> inputs;  // per group tile
    std::vector<Packet> sums;    // per crossbar
  };

  const CrossbarGroup& group_;
  OpValues& op_;
  std::vector<std::vector<int64_t>> tile_blocks_;     // per group tile: its crossbars' row blocks, ascending
  std::vector<size_t> tile_of_crossbar_;              // per crossbar: its index in group.tiles
  std::vector<size_t> reducer_of_crossbar_;           // per crossbar: its index in group.reducers
  std::vector<std::vector<int64_t>> reducer_outputs_;  // per reducer: the outputs it sums, ascending
  std::vector<size_t> crossbar_at_;                   // per crossbar: where its first output is in its reducer's
  std::map<uint64_t, Job> jobs_;                      // the jobs carrying values, until finished
  std::vector<Packet> results_;                       // per reducer: the reduction in progress
};

}  // namespace autorac::sim
