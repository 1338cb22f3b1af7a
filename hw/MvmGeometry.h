#pragma once
// How a K-input, N-output weight matrix with w-bit weights and a-bit activations occupies crossbars
// (HARDWARE.md §2): ceil(w/c) adjacent columns per weight, LSB slice first; ceil(a/d) input slices;
// ceil(K/R) row blocks × ceil(N·ceil(w/c)/C) column blocks. Shared by the mapper, the analytical model,
// the functional datapath and the SystemC crossbars, so all four count the same thing.
#include <algorithm>
#include <cstdint>

#include "hw/AdcTransfer.h"
#include "hw/Design.h"

namespace autorac::hw {

inline int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }

// T_conv: the ADCs of a group convert a crossbar's C_used latched columns, one column per ADC per
// t_adc (HARDWARE.md §2.3).
inline int64_t conversionCycles(const Design& d, int64_t cols_used) {
  return ceilDiv(cols_used, d.adc.adcs_per_group) * d.adcConversionCycles();
}

struct MvmGeometry {
  int64_t in_features = 0, out_features = 0;
  int weight_bits = 0, act_bits = 0;
  int rows = 0, cols = 0, cell_bits = 0, dac_bits = 0;

  // rows_limit > 0 uses at most that many rows of each crossbar (to keep column sums within the ADC).
  MvmGeometry(const Design& d, int64_t k, int64_t n, int w, int a, int rows_limit = 0)
      : in_features(k), out_features(n), weight_bits(w), act_bits(a),
        rows(rows_limit > 0 ? std::min(rows_limit, d.crossbar.rows) : d.crossbar.rows), cols(d.crossbar.cols),
        cell_bits(d.crossbar.cell_bits), dac_bits(d.dac.bits) {}

  int weightSlices() const { return int(ceilDiv(weight_bits, cell_bits)); }
  int inputSlices() const { return int(ceilDiv(act_bits, dac_bits)); }
  int64_t totalColumns() const { return out_features * weightSlices(); }
  int64_t rowBlocks() const { return ceilDiv(in_features, rows); }
  int64_t colBlocks() const { return ceilDiv(totalColumns(), cols); }
  int64_t crossbars() const { return rowBlocks() * colBlocks(); }
  int64_t rowsUsed(int64_t row_block) const { return std::min<int64_t>(rows, in_features - row_block * rows); }
  int64_t colsUsed(int64_t col_block) const { return std::min<int64_t>(cols, totalColumns() - col_block * cols); }
  // The outputs whose weight slices a column block holds, first to last (an output's slices may
  // straddle two blocks): what its crossbars' partial sums are for.
  int64_t firstOutput(int64_t col_block) const { return col_block * cols / weightSlices(); }
  int64_t lastOutput(int64_t col_block) const { return (col_block * cols + colsUsed(col_block) - 1) / weightSlices(); }
  // Input vectors the input register holds for one crossbar: its share of the PE's IR (IR bytes /
  // crossbars per PE) over the bits of one vector's row block. Below 1 the mapping cannot run.
  static int64_t inputRegisterSlots(const Design& d, int64_t rows_used, int act_bits) {
    return (int64_t(d.input_register.bytes) * 8 / d.pe.crossbars) / (rows_used * act_bits);
  }
  // What one vector's results of `output_bits` take of the PE's output register (HARDWARE.md §4: a
  // full buffer stalls its producer). Results larger than the whole register stream through it: they
  // take all of it until drained. Defined once for the SystemC crossbar and the analytical model.
  static int64_t outputRegisterBits(const Design& d) { return int64_t(d.output_register.bytes) * 8; }
  static int64_t outputRegisterReserve(const Design& d, int64_t output_bits) {
    return std::min(output_bits, outputRegisterBits(d));
  }
  // How many crossbars' results of `output_bits` each the register holds at once (at least 1).
  static int64_t outputRegisterVectors(const Design& d, int64_t output_bits) {
    return output_bits <= 0 ? outputRegisterBits(d) : std::max<int64_t>(1, outputRegisterBits(d) / outputRegisterReserve(d, output_bits));
  }
  // Largest ideal column value of one slice (HARDWARE.md §2.4): R_used · (2^c − 1) · (2^d − 1).
  static int64_t columnSumBound(int64_t rows_used, int cell_bits, int dac_bits) {
    return rows_used * ((int64_t(1) << cell_bits) - 1) * ((int64_t(1) << dac_bits) - 1);
  }
  int64_t maxColumnValue(int64_t rows_used) const { return columnSumBound(rows_used, cell_bits, dac_bits); }
  // ADC bits that represent every column value exactly (row block 0 uses the most rows).
  int adcBitsNeeded() const { return bitsToHold(maxColumnValue(rowsUsed(0))); }
  bool losslessOn(const Design& d) const { return adcBitsNeeded() <= d.adc.bits; }
  // Most rows per crossbar whose column sums a b-bit ADC still represents exactly (0: not even one).
  static int losslessRows(const Design& d) {
    const int64_t per_row = columnSumBound(1, d.crossbar.cell_bits, d.dac.bits);
    return int(std::min<int64_t>(d.crossbar.rows, ((int64_t(1) << d.adc.bits) - 1) / per_row));
  }
};

}  // namespace autorac::hw
