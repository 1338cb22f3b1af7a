#include "models/space/SearchSpace.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace autorac::models {

SpaceConfig SpaceConfig::tiny() {
  SpaceConfig c;
  c.blocks = 3;
  c.widths = {16, 32, 64};
  c.tokens = {8, 16};
  return c;
}

SearchSpace::SearchSpace(SpaceConfig config) : config_(std::move(config)) {}

template <class T>
static const T& pick(const std::vector<T>& v, std::mt19937_64& rng) {
  return v[std::uniform_int_distribution<size_t>(0, v.size() - 1)(rng)];
}

static std::vector<int> pickInputs(int block, int max_inputs, std::mt19937_64& rng) {
  std::vector<int> all(block);
  std::iota(all.begin(), all.end(), 0);
  const int k = std::uniform_int_distribution<int>(1, std::min(block, max_inputs))(rng);
  std::shuffle(all.begin(), all.end(), rng);
  all.resize(k);
  std::sort(all.begin(), all.end());
  return all;
}

Arch SearchSpace::sample(std::mt19937_64& rng) const {
  Arch a;
  a.name = "sampled";
  auto prec = [&] { return Precision{pick(config_.bits, rng), pick(config_.bits, rng)}; };
  for (int i = 1; i <= config_.blocks; ++i) {
    BlockArch b;
    b.dense_op = pick(config_.dense_ops, rng);
    b.dense_precision = prec();
    b.sparse_op = pick(config_.sparse_ops, rng);
    b.sparse_precision = prec();
    b.width = pick(config_.widths, rng);
    b.tokens = pick(config_.tokens, rng);
    b.merge = rng() & 1;
    b.merge_precision = b.merge ? prec() : Precision{};
    b.fm = rng() & 1;
    b.dense_inputs = pickInputs(i, config_.max_inputs, rng);
    b.sparse_inputs = pickInputs(i, config_.max_inputs, rng);
    a.blocks.push_back(b);
  }
  a.head_precision = prec();
  return a;
}

Arch SearchSpace::largest(std::mt19937_64& rng) const {
  Arch a;
  a.name = "warmup";
  for (int i = 1; i <= config_.blocks; ++i) {
    BlockArch b;
    b.dense_op = pick(config_.dense_ops, rng);
    b.sparse_op = pick(config_.sparse_ops, rng);
    b.width = *std::max_element(config_.widths.begin(), config_.widths.end());
    b.tokens = *std::max_element(config_.tokens.begin(), config_.tokens.end());
    b.merge = true;
    b.fm = true;
    b.dense_inputs.clear();
    for (int k = std::max(0, i - config_.max_inputs); k < i; ++k) b.dense_inputs.push_back(k);
    b.sparse_inputs = b.dense_inputs;
    a.blocks.push_back(b);
  }
  return a;
}

static double log10Binomial(int n, int k) {
  return (std::lgamma(n + 1.0) - std::lgamma(k + 1.0) - std::lgamma(n - k + 1.0)) / std::log(10.0);
}

double SearchSpace::log10Size() const {
  const auto& c = config_;
  const double p = std::log10(static_cast<double>(c.bits.size() * c.bits.size()));  // (w, a) pair
  double total = p;  // head precision
  for (int i = 1; i <= c.blocks; ++i) {
    double subsets = 0;
    for (int k = 1; k <= std::min(i, c.max_inputs); ++k) subsets += std::pow(10.0, log10Binomial(i, k));
    total += std::log10(static_cast<double>(c.dense_ops.size())) + p;   // dense op + its precision
    total += std::log10(static_cast<double>(c.sparse_ops.size())) + p;  // sparse op + its precision
    total += std::log10(static_cast<double>(c.widths.size() * c.tokens.size()));
    total += std::log10(1.0 + std::pow(10.0, p));  // merge off, or on with a precision
    total += std::log10(2.0);                      // FM on/off
    total += 2 * std::log10(subsets);              // dense and sparse inputs
  }
  return total;
}

bool SearchSpace::contains(const Arch& a) const {
  const auto& c = config_;
  auto in = [](const auto& v, const auto& x) { return std::find(v.begin(), v.end(), x) != v.end(); };
  if (static_cast<int>(a.blocks.size()) > c.blocks) return false;
  auto precOk = [&](const Precision& p) { return in(c.bits, p.weight_bits) && in(c.bits, p.act_bits); };
  if (!precOk(a.head_precision)) return false;
  for (const auto& b : a.blocks) {
    if (!in(c.dense_ops, b.dense_op) || !in(c.sparse_ops, b.sparse_op) || !in(c.widths, b.width) ||
        !in(c.tokens, b.tokens) || !precOk(b.dense_precision) || !precOk(b.sparse_precision) ||
        !precOk(b.merge_precision) || static_cast<int>(b.dense_inputs.size()) > c.max_inputs ||
        static_cast<int>(b.sparse_inputs.size()) > c.max_inputs)
      return false;
  }
  return true;
}

}  // namespace autorac::models
