#pragma once
// Random integers within a bit width (signed two's complement or unsigned), for datapath tests.
#include <cstdint>
#include <random>
#include <vector>

namespace autorac::test {

inline std::vector<int64_t> randomValues(std::mt19937_64& rng, size_t n, int bits, bool is_signed) {
  const int64_t lo = is_signed ? -(int64_t(1) << (bits - 1)) : 0;
  const int64_t hi = is_signed ? (int64_t(1) << (bits - 1)) - 1 : (int64_t(1) << bits) - 1;
  std::uniform_int_distribution<int64_t> dist(lo, hi);
  std::vector<int64_t> v(n);
  for (auto& x : v) x = dist(rng);
  return v;
}

}  // namespace autorac::test
