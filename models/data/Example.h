#pragma once
// One preprocessed CTR sample and the schema of the dataset it came from. No LibTorch here: the
// readers are plain C++ so that non-torch tools (and tests) can use them cheaply.
#include <cstdint>
#include <string>
#include <vector>

namespace autorac::models {

struct CtrSchema {
  std::string name;                       // "criteo", "avazu", "kdd2012", "synthetic"
  std::vector<std::string> dense_names;   // after preprocessing (e.g. I1..I13)
  std::vector<std::string> sparse_names;  // categorical fields after preprocessing
  int numDense() const { return static_cast<int>(dense_names.size()); }
  int numSparse() const { return static_cast<int>(sparse_names.size()); }
};

struct Example {
  float label = 0.0f;   // 0 or 1
  float weight = 1.0f;  // sample weight (KDD: impressions, when asked); 1 otherwise
  std::vector<float> dense;     // numDense() values, already transformed (missing -> 0)
  std::vector<int64_t> sparse;  // numSparse() hashed indices into the shared embedding table
};

// Counters every reader keeps: rows returned, rows skipped as malformed (only when skip-bad-rows was
// asked), and the first skipped row's message so the user sees what was wrong.
struct ReadStats {
  int64_t rows = 0;
  int64_t bad_rows = 0;
  int64_t header_lines = 0;
  std::string first_bad;
};

}  // namespace autorac::models
