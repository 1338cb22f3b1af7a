#include "models/data/SyntheticCtr.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "models/data/CriteoReader.h"

namespace autorac::models {

static uint64_t splitmix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

SyntheticCtr::SyntheticCtr(int64_t rows, uint64_t seed, int64_t table_size)
    : rows_(rows), seed_(seed), schema_(CriteoReader::makeSchema()),
      hasher_(CriteoReader::kSparse, table_size), rng_(splitmix(seed)) {
  schema_.name = "synthetic";
  for (int f = 0; f < CriteoReader::kSparse; ++f) {
    const double u = (splitmix(seed ^ (0x100 + f)) >> 11) * 0x1.0p-53;
    const int card = static_cast<int>(std::lround(3.0 * std::pow(1700.0, u)));
    std::vector<double> cdf(card);
    double sum = 0;
    for (int v = 0; v < card; ++v) cdf[v] = (sum += 1.0 / std::pow(v + 1.0, 1.1));
    for (double& c : cdf) c /= sum;
    cdf_.push_back(std::move(cdf));
    missing_.push_back(0.4 * ((splitmix(seed ^ (0x200 + f)) >> 11) * 0x1.0p-53) *
                       (f % 3 == 0 ? 1.0 : 0.25));
  }
}

std::string SyntheticCtr::source() const {
  return "synthetic(rows=" + std::to_string(rows_) + ",seed=" + std::to_string(seed_) + ")";
}

double SyntheticCtr::weight(uint64_t a, uint64_t b, uint64_t c) const {
  uint64_t h = splitmix(seed_ ^ splitmix(a ^ splitmix(b ^ splitmix(c))));
  return ((h >> 11) * 0x1.0p-53) * 2.0 - 1.0;
}

bool SyntheticCtr::next(Example& ex) {
  if (stats_.rows >= rows_) return false;
  std::uniform_real_distribution<double> uni(0.0, 1.0);
  std::normal_distribution<double> normal(0.0, 1.0);
  ex.dense.assign(CriteoReader::kDense, 0.0f);
  ex.sparse.assign(CriteoReader::kSparse, 0);
  ex.weight = 1.0f;
  std::vector<int> value(CriteoReader::kSparse, -1);  // -1 = missing
  for (int f = 0; f < CriteoReader::kSparse; ++f) {
    const double m = uni(rng_), z = uni(rng_);
    if (m < missing_[f]) {
      ex.sparse[f] = hasher_.missingIndex(f);
      continue;
    }
    const auto& cdf = cdf_[f];
    value[f] = static_cast<int>(std::lower_bound(cdf.begin(), cdf.end(), z) - cdf.begin());
    value[f] = std::min<int>(value[f], static_cast<int>(cdf.size()) - 1);
    char text[16];
    std::snprintf(text, sizeof text, "%08x",
                  static_cast<unsigned>(splitmix(seed_ ^ (uint64_t(f) << 32) ^ value[f])));
    ex.sparse[f] = hasher_.index(f, text);
  }
  std::vector<double> raw(CriteoReader::kDense, 0.0);
  for (int i = 0; i < CriteoReader::kDense; ++i) {
    const double m = uni(rng_), g = normal(rng_);
    if (m < 0.1 + 0.03 * i) continue;  // missing
    raw[i] = std::floor(std::exp(1.0 + 0.15 * i + (0.8 + 0.1 * i) * g)) - (i == 1 ? 2.0 : 0.0);
    ex.dense[i] = static_cast<float>(std::log1p(std::max(raw[i], 0.0)));
  }
  // Planted logit: main effects, pairwise interactions, a dense x categorical interaction.
  double logit = -2.1;
  for (int f : {0, 2, 5, 7, 11, 14, 19, 23})
    if (value[f] >= 0) logit += 0.8 * weight(1, f, value[f]);
  const int pairs[4][2] = {{1, 3}, {4, 9}, {6, 12}, {16, 21}};
  for (const auto& p : pairs)
    if (value[p[0]] >= 0 && value[p[1]] >= 0)
      logit += 1.5 * weight(2, p[0] * 64 + p[1], uint64_t(value[p[0]]) * 100003 + value[p[1]]);
  logit += 0.3 * ex.dense[0] - 0.2 * ex.dense[4];
  if (value[8] >= 0) logit += 0.5 * ex.dense[2] * weight(3, 8, value[8]);
  last_p_ = 1.0 / (1.0 + std::exp(-logit));
  ex.label = uni(rng_) < last_p_ ? 1.0f : 0.0f;
  ++stats_.rows;
  return true;
}

}  // namespace autorac::models
