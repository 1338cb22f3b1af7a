#include "models/space/NetShape.h"

#include <algorithm>

namespace autorac::models {

NetShape NetShape::forSpace(const SpaceConfig& space, const CtrSchema& schema, int64_t table_size) {
  NetShape s;
  s.num_dense = schema.numDense();
  s.num_sparse = schema.numSparse();
  s.table_size = table_size;
  const int w = *std::max_element(space.widths.begin(), space.widths.end());
  const int t = *std::max_element(space.tokens.begin(), space.tokens.end());
  for (int i = 1; i <= space.blocks; ++i) {
    BlockShape b;
    b.max_width = w;
    b.max_tokens = t;
    b.dense_ops = space.dense_ops;
    b.sparse_ops = space.sparse_ops;
    b.merge = true;
    b.dense_source_width.push_back(s.inputDenseWidth());
    b.sparse_source_tokens.push_back(s.num_sparse);
    for (int k = 1; k < i; ++k) {
      b.dense_source_width.push_back(w);
      b.sparse_source_tokens.push_back(t + Arch::kMergeTokens);
    }
    s.blocks.push_back(b);
  }
  s.head_dense = w;
  s.head_tokens = t + Arch::kMergeTokens;
  return s;
}

NetShape NetShape::forArch(const Arch& arch, const CtrSchema& schema, int64_t table_size) {
  NetShape s;
  s.num_dense = schema.numDense();
  s.num_sparse = schema.numSparse();
  s.table_size = table_size;
  std::vector<int64_t> width{s.inputDenseWidth()}, tokens{s.num_sparse};
  for (const auto& a : arch.blocks) {
    BlockShape b;
    b.max_width = a.width;
    b.max_tokens = a.tokens;
    b.dense_ops = {a.dense_op};
    b.sparse_ops = {a.sparse_op};
    b.merge = a.merge;
    b.dense_source_width = width;
    b.sparse_source_tokens = tokens;
    s.blocks.push_back(b);
    width.push_back(a.width);
    tokens.push_back(a.outputTokens());
  }
  s.head_dense = width.back();
  s.head_tokens = tokens.back();
  return s;
}

}  // namespace autorac::models
