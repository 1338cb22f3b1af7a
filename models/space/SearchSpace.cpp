#include "models/space/SearchSpace.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "traces/InputError.h"

namespace autorac::models {

SpaceConfig SpaceConfig::tiny() {
  SpaceConfig c;
  c.blocks = 3;
  c.widths = {16, 32, 64};
  c.tokens = {8, 16};
  return c;
}

SpaceConfig spaceByName(const std::string& name) {
  if (name == "full") return SpaceConfig{};
  if (name == "tiny") return SpaceConfig::tiny();
  if (name == "small") {
    SpaceConfig c;
    c.widths = {16, 32, 64, 128, 256};
    c.tokens = {16, 32};
    return c;
  }
  throw InputError("--space", name, "unknown space (full, small, tiny)");
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

// A value of `v` other than `current` (v has at least two values).
template <class T>
static T other(const std::vector<T>& v, const T& current, std::mt19937_64& rng) {
  std::vector<T> rest;
  for (const T& x : v)
    if (!(x == current)) rest.push_back(x);
  return rest.empty() ? current : pick(rest, rng);
}

Arch SearchSpace::mutate(const Arch& a, std::mt19937_64& rng) const {
  Arch m = a;
  const int block = std::uniform_int_distribution<int>(0, int(m.blocks.size()))(rng);  // == size: the head
  if (block == int(m.blocks.size())) {
    if (rng() & 1) m.head_precision.weight_bits = other(config_.bits, m.head_precision.weight_bits, rng);
    else m.head_precision.act_bits = other(config_.bits, m.head_precision.act_bits, rng);
    return m;
  }
  BlockArch& b = m.blocks[size_t(block)];
  auto bits = [&](Precision& p) {
    if (rng() & 1) p.weight_bits = other(config_.bits, p.weight_bits, rng);
    else p.act_bits = other(config_.bits, p.act_bits, rng);
  };
  for (;;) {  // draw a field until one can change (e.g. a first block has a single possible input set)
    const Arch before = m;
    switch (std::uniform_int_distribution<int>(0, 10)(rng)) {
      case 0: b.dense_op = other(config_.dense_ops, b.dense_op, rng); break;
      case 1: b.sparse_op = other(config_.sparse_ops, b.sparse_op, rng); break;
      case 2: b.width = other(config_.widths, b.width, rng); break;
      case 3: b.tokens = other(config_.tokens, b.tokens, rng); break;
      case 4:
        b.merge = !b.merge;
        b.merge_precision = b.merge ? Precision{pick(config_.bits, rng), pick(config_.bits, rng)} : Precision{};
        break;
      case 5: b.fm = !b.fm; break;
      case 6: b.dense_inputs = pickInputs(block + 1, config_.max_inputs, rng); break;
      case 7: b.sparse_inputs = pickInputs(block + 1, config_.max_inputs, rng); break;
      case 8: bits(b.dense_precision); break;
      case 9: bits(b.sparse_precision); break;
      default:
        if (!b.merge) continue;
        bits(b.merge_precision);
    }
    if (!(m == before)) return m;
  }
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
