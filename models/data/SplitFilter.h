#pragma once
// Deterministic, seeded train/validation split of a stream: row i goes to validation iff a hash of
// (seed, i) falls below the validation fraction. Same seed and fraction -> same split, on any machine,
// without holding the data.
#include <cstdint>

namespace autorac::models {

enum class SplitPart { All, Train, Validation };

class SplitFilter {
public:
  SplitFilter(double validation_fraction = 0.0, uint64_t seed = 0);  // throws std::invalid_argument
  bool isValidation(int64_t row) const;
  bool keep(int64_t row, SplitPart part) const;

private:
  double fraction_;
  uint64_t seed_;
};

}  // namespace autorac::models
