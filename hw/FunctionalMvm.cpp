#include "hw/FunctionalMvm.h"

#include <stdexcept>

#include "hw/AdcTransfer.h"
#include "hw/ShiftAddModel.h"

namespace autorac::hw {

FunctionalMvm::FunctionalMvm(const Design& d, const MvmGeometry& g, const std::vector<int64_t>& weights,
                             bool act_signed)
    : design_(d), geom_(g), act_signed_(act_signed),
      weight_offset_(int64_t(1) << (g.weight_bits - 1)),
      act_offset_(act_signed ? int64_t(1) << (g.act_bits - 1) : 0) {
  const int64_t k_n = g.in_features, n_n = g.out_features;
  if (int64_t(weights.size()) != k_n * n_n) throw std::invalid_argument("FunctionalMvm: weight count != N*K");
  const int nw = g.weightSlices();
  const int64_t cols = g.totalColumns();
  const int64_t cell_mask = (int64_t(1) << g.cell_bits) - 1;
  cells_.assign(size_t(k_n * cols), 0);
  weight_sum_.assign(size_t(n_n), 0);
  for (int64_t n = 0; n < n_n; ++n) {
    for (int64_t k = 0; k < k_n; ++k) {
      // Offset encoding (HARDWARE.md §2.1): store w + 2^(w-1), an unsigned w-bit value.
      const int64_t stored = weights[size_t(n * k_n + k)] + weight_offset_;
      if (stored < 0 || stored >= (int64_t(2) << (g.weight_bits - 1)))
        throw std::invalid_argument("FunctionalMvm: weight outside its bit width");
      weight_sum_[size_t(n)] += stored;
      for (int s = 0; s < nw; ++s)
        cells_[size_t(k * cols + n * nw + s)] = uint8_t((stored >> (s * g.cell_bits)) & cell_mask);
    }
  }
}

bool FunctionalMvm::lossless() const {
  return geom_.losslessOn(design_);
}

std::vector<int64_t> FunctionalMvm::run(const std::vector<int64_t>& x, FunctionalStats* stats, ShiftAddModel* sa) const {
  std::vector<int64_t> acc;
  if (sa) {  // the conversions go to `sa` alone: it does the shift-and-add
    checkLength(x);
    sa->begin(geom_);
    convert(x.data(), 0, stats, [&](const AdcResult& r) { sa->add(&r, 1); });
    acc = sa->sums();
  } else {
    acc = accumulate(x, stats);
  }
  correctOffsets(acc, x);
  return acc;
}

void FunctionalMvm::correctOffsets(std::vector<int64_t>& acc, const std::vector<int64_t>& x) const {
  int64_t x_sum = 0;  // of the unsigned activations
  for (const int64_t v : x) x_sum += v + act_offset_;
  // Offset correction: Σ(wu−ow)(xu−ox) = Σwu·xu − ow·Σxu − ox·Σwu + K·ow·ox.
  const int64_t ow = weight_offset_, ox = act_offset_;
  for (int64_t n = 0; n < geom_.out_features; ++n)
    acc[size_t(n)] += -ow * x_sum - ox * weight_sum_[size_t(n)] + geom_.in_features * ow * ox;
}

std::vector<int64_t> FunctionalMvm::crossbarSums(const int64_t* block_rows, int64_t row_block, int64_t col_block,
                                                 FunctionalStats* stats, ShiftAddModel* sa) const {
  const int64_t first = geom_.firstOutput(col_block), last = geom_.lastOutput(col_block);
  const int64_t x_first = row_block * geom_.rows;
  std::vector<int64_t> acc;
  if (sa) {
    sa->begin(geom_);
    convert(block_rows, x_first, stats, [&](const AdcResult& r) { sa->add(&r, 1); }, row_block, col_block);
    acc = sa->sums();
  } else {
    acc.assign(size_t(geom_.out_features), 0);
    convert(block_rows, x_first, stats, [&](const AdcResult& r) { shiftAndAdd(acc, geom_, r); }, row_block, col_block);
  }
  return std::vector<int64_t>(acc.begin() + first, acc.begin() + last + 1);
}

void FunctionalMvm::checkLength(const std::vector<int64_t>& x) const {
  if (int64_t(x.size()) != geom_.in_features) throw std::invalid_argument("FunctionalMvm: input length != K");
}

std::vector<int64_t> FunctionalMvm::accumulate(const std::vector<int64_t>& x, FunctionalStats* stats,
                                               const AdcResultSink& sink) const {
  checkLength(x);
  std::vector<int64_t> acc(size_t(geom_.out_features), 0);
  convert(x.data(), 0, stats, [&](const AdcResult& r) {
    if (sink) sink(r);
    shiftAndAdd(acc, geom_, r);
  });
  return acc;
}

template <class Take>
void FunctionalMvm::convert(const int64_t* x, int64_t x_first, FunctionalStats* stats, Take&& take, int64_t only_rb,
                            int64_t only_cb) const {
  const auto& g = geom_;
  const int nw = g.weightSlices();
  const int n_slices = g.inputSlices();
  const int64_t cols = g.totalColumns();
  const int64_t dac_mask = (int64_t(1) << g.dac_bits) - 1;

  std::vector<int64_t> xu(size_t(g.rows)), column(size_t(g.cols));
  for (int64_t rb = 0; rb < g.rowBlocks(); ++rb) {
    if (only_rb >= 0 && rb != only_rb) continue;
    const int64_t k0 = rb * g.rows, k_used = g.rowsUsed(rb);
    const int64_t max_value = g.maxColumnValue(k_used);
    for (int64_t k = 0; k < k_used; ++k) {
      xu[size_t(k)] = x[k0 + k - x_first] + act_offset_;  // unsigned form driven into the DACs
      if (xu[size_t(k)] < 0 || xu[size_t(k)] >= (int64_t(2) << (g.act_bits - 1)))
        throw std::invalid_argument("FunctionalMvm: activation outside its bit width");
    }
    for (int64_t cb = 0; cb < g.colBlocks(); ++cb) {
      if (only_cb >= 0 && cb != only_cb) continue;
      const int64_t j0 = cb * g.cols, j_used = g.colsUsed(cb);
      for (int s = 0; s < n_slices; ++s) {
        std::fill(column.begin(), column.end(), 0);
        for (int64_t k = 0; k < k_used; ++k) {
          const int64_t bits = (xu[size_t(k)] >> (s * g.dac_bits)) & dac_mask;
          if (bits == 0) continue;
          const uint8_t* row = &cells_[size_t((k0 + k) * cols + j0)];
          for (int64_t j = 0; j < j_used; ++j) column[size_t(j)] += bits * row[j];
        }
        for (int64_t j = 0; j < j_used; ++j) {
          const int64_t v = column[size_t(j)];
          const int64_t q = adcConvert(v, max_value, design_.adc.bits, design_.adc.loss_mode);
          if (stats) {
            ++stats->conversions;
            if (q != v) ++stats->lossy_conversions;
          }
          const int64_t global = j0 + j, n = global / nw, w_slice = global % nw;
          take(AdcResult{rb, cb, s, global, n, int(w_slice), v, q, max_value});
        }
      }
    }
  }
}

}  // namespace autorac::hw
