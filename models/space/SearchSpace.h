#pragma once
// The NASRec-style search space with AutoRAC's per-op mixed precision (MODELS.md). Samples random
// architectures, the "largest" warm-up path, and counts the space (log10, see docs/models-architecture.md).
#include <cstdint>
#include <random>
#include <vector>

#include "models/space/Arch.h"

namespace autorac::models {

struct SpaceConfig {
  int blocks = 7;
  std::vector<int> widths{16, 32, 64, 128, 256, 512, 768, 1024};
  std::vector<int> tokens{16, 32, 48, 64};
  std::vector<int> bits{2, 4, 8, 16};
  std::vector<DenseOp> dense_ops{DenseOp::Fc, DenseOp::Dot, DenseOp::Gating, DenseOp::Sum};
  std::vector<SparseOp> sparse_ops{SparseOp::Attention, SparseOp::Efc};
  int max_inputs = 4;
  // A small space for tests and quick runs: 3 blocks, widths {16,32,64}, tokens {8,16}.
  static SpaceConfig tiny();
};

class SearchSpace {
public:
  explicit SearchSpace(SpaceConfig config = {});
  const SpaceConfig& config() const { return config_; }
  // A uniformly random choice in every dimension (inputs: a random non-empty subset of at most
  // max_inputs earlier outputs, each subset size equally likely).
  Arch sample(std::mt19937_64& rng) const;
  // Warm-up path: every block at its largest width and token count, merge and FM on, the (up to
  // max_inputs) most recent earlier outputs as inputs, 16-bit precision; op types drawn at random.
  Arch largest(std::mt19937_64& rng) const;
  // log10 of the number of distinct architectures (product over blocks of every independent choice;
  // the merge precision only counts when the merge is on, and inputs count as subsets).
  double log10Size() const;
  // True if every choice of `a` is inside this space (so a supernet of this space can run it).
  bool contains(const Arch& a) const;

private:
  SpaceConfig config_;
};

}  // namespace autorac::models
