#include "models/data/SplitFilter.h"

#include <stdexcept>

namespace autorac::models {

SplitFilter::SplitFilter(double validation_fraction, uint64_t seed)
    : fraction_(validation_fraction), seed_(seed) {
  if (!(validation_fraction >= 0.0 && validation_fraction < 1.0))
    throw std::invalid_argument("validation fraction must be in [0, 1)");
}

bool SplitFilter::isValidation(int64_t row) const {
  uint64_t x = seed_ * 0x9e3779b97f4a7c15ULL + static_cast<uint64_t>(row) + 0x632be59bd9b4e019ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return static_cast<double>(x >> 11) * 0x1.0p-53 < fraction_;
}

bool SplitFilter::keep(int64_t row, SplitPart part) const {
  if (part == SplitPart::All) return true;
  return isValidation(row) == (part == SplitPart::Validation);
}

}  // namespace autorac::models
