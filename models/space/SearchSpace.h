#pragma once
// The NASRec-style search space with AutoRAC's per-op mixed precision (MODELS.md). Samples random
// architectures, the "largest" warm-up path, and counts the space (log10, see docs/models-architecture.md).
#include <cstdint>
#include <random>
#include <string>
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

// The spaces by name: "full", "small", "tiny" (InputError("--space", ...) otherwise).
SpaceConfig spaceByName(const std::string& name);

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
  // `a` with exactly one of its choices changed to another value of the space (a block's dense or
  // sparse op, width, tokens, merge, FM, inputs, or one precision; or the head's precision): the
  // mutation of regularised evolution (NASRec, Real et al. 2019). `a` must be in this space.
  Arch mutate(const Arch& a, std::mt19937_64& rng) const;
  // True if every choice of `a` is inside this space (so a supernet of this space can run it).
  bool contains(const Arch& a) const;

private:
  SpaceConfig config_;
};

}  // namespace autorac::models
