#pragma once
// One architecture of the search space (see docs/models-architecture.md for the JSON form): a stack
// of blocks, each with a dense op, a sparse op, a width, a token count, merge/FM switches, its inputs
// (dense connectivity to earlier blocks; 0 = the model's input features) and per-op precision.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace autorac::models {

enum class DenseOp { Fc, Dot, Gating, Sum, Cross };
enum class SparseOp { Attention, Efc };

const char* denseOpName(DenseOp op);
const char* sparseOpName(SparseOp op);
bool denseOpFromName(const std::string& s, DenseOp& op);
bool sparseOpFromName(const std::string& s, SparseOp& op);

struct Precision {
  int weight_bits = 16;
  int act_bits = 16;
  bool operator==(const Precision& o) const {
    return weight_bits == o.weight_bits && act_bits == o.act_bits;
  }
};

struct BlockArch {
  DenseOp dense_op = DenseOp::Fc;
  Precision dense_precision;
  SparseOp sparse_op = SparseOp::Efc;
  Precision sparse_precision;
  int width = 64;   // dense output width
  int tokens = 16;  // sparse op output tokens (before the merge adds 8)
  bool merge = false;
  Precision merge_precision;
  bool fm = false;
  std::vector<int> dense_inputs{0};   // 0 = input features, k = output of block k (1-based)
  std::vector<int> sparse_inputs{0};  // 0 = the embeddings, k = block k
  int outputTokens() const { return tokens + (merge ? 8 : 0); }
};

struct Arch {
  static constexpr int kMergeTokens = 8;
  static constexpr int kEmbeddingDim = 16;
  std::string name = "arch";
  std::vector<BlockArch> blocks;
  Precision head_precision;

  nlohmann::json toJson() const;
  // Parses and validates (op names, bit widths, positive sizes, inputs refer to earlier blocks,
  // 1..4 inputs each). Errors are InputError(file, "block N, field 'x'", what).
  static Arch fromJson(const nlohmann::json& j, const std::string& file);
  static Arch load(const std::string& path);
  void save(const std::string& path) const;
  bool operator==(const Arch& o) const { return toJson() == o.toJson(); }
};

}  // namespace autorac::models
