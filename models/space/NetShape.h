#pragma once
// The tensor sizes a (super)network must allocate: for each block, its largest width and token count,
// which op types exist, and the largest size each possible input source can have. Built from a
// search space (the supernet: every choice) or from one architecture (a stand-alone network holding
// exactly that architecture's weights). Weights are sliced from the front, so the two agree.
#include <cstdint>
#include <vector>

#include "models/data/Example.h"
#include "models/space/Arch.h"
#include "models/space/SearchSpace.h"

namespace autorac::models {

struct BlockShape {
  int max_width = 0;
  int max_tokens = 0;
  std::vector<DenseOp> dense_ops;
  std::vector<SparseOp> sparse_ops;
  bool merge = false;
  std::vector<int64_t> dense_source_width;   // index = source (0 = features, k = block k)
  std::vector<int64_t> sparse_source_tokens;
};

struct NetShape {
  int num_dense = 0;    // dense features of the data (the model uses max(1, this): see Supernet)
  int num_sparse = 0;   // categorical fields = input tokens
  int64_t table_size = 0;
  std::vector<BlockShape> blocks;
  int64_t head_dense = 0, head_tokens = 0;  // largest last-block outputs

  static NetShape forSpace(const SpaceConfig& space, const CtrSchema& schema, int64_t table_size);
  static NetShape forArch(const Arch& arch, const CtrSchema& schema, int64_t table_size);
  int inputDenseWidth() const { return num_dense > 0 ? num_dense : 1; }
};

}  // namespace autorac::models
