#pragma once
// The datapath's arithmetic, value by value: offset-encoded weights sliced into cells, inputs applied
// d bits per slice, every column value through the ADC, shift-and-add, offset correction and row-block
// reduction. With a lossless ADC it reproduces W·x bit for bit; with a lossy one it returns what the
// chip would compute, and counts the conversions that lost information.
#include <cstdint>
#include <functional>
#include <vector>

#include "hw/Design.h"
#include "hw/MvmGeometry.h"

namespace autorac::hw {

struct FunctionalStats {
  int64_t conversions = 0;
  int64_t lossy_conversions = 0;  // conversions whose value the ADC could not represent exactly
};

// One ADC result as the S+A receives it: the hook through which rtl/ replays the conversion stream into
// its Verilog S+A (tests/rtl/ShiftAddTest.cpp). Column `column` of the weight matrix (output `output`,
// weight slice `weight_slice`), read in crossbar (row_block, col_block) for input slice `input_slice`.
struct AdcResult {
  int64_t row_block = 0, col_block = 0;
  int input_slice = 0;
  int64_t column = 0, output = 0;
  int weight_slice = 0;
  int64_t ideal = 0;      // the column's value before the ADC
  int64_t value = 0;      // what the ADC returned (adcConvert), in units of the column value
  int64_t max_value = 0;  // the largest value this column can take: sets the ADC's range
};
using AdcResultSink = std::function<void(const AdcResult&)>;
class ShiftAddModel;  // hw/ShiftAddModel.h

class FunctionalMvm {
public:
  // weights: N×K row-major, each within the signed weight_bits range.
  FunctionalMvm(const Design& d, const MvmGeometry& g, const std::vector<int64_t>& weights, bool act_signed);

  // x: K activations within the (signed or unsigned) act_bits range; returns the N outputs. `sa`, if
  // given, is handed every conversion and does the shift-and-add in place of accumulate()'s own
  // (pimsim --functional: the chip's S+A unit, hw/ShiftAddUnit.h).
  std::vector<int64_t> run(const std::vector<int64_t>& x, FunctionalStats* stats = nullptr,
                           ShiftAddModel* sa = nullptr) const;
  // run() stopped before offset correction: the per-output S+A accumulations Σ q·2^(s·d + k·c), with
  // every conversion passed to `sink` (if set) in the order the datapath makes them.
  std::vector<int64_t> accumulate(const std::vector<int64_t>& x, FunctionalStats* stats = nullptr,
                                  const AdcResultSink& sink = {}) const;

  bool lossless() const;

  // One crossbar's share, as the chip computes it in place (pimsim --functional, sim/run/MvmStage): the
  // S+A accumulations of crossbar (row_block, col_block) alone, for the outputs its columns hold,
  // outputs MvmGeometry::firstOutput(col_block) on. Summed over every crossbar they are accumulate()'s.
  // `block_rows`: the row block's rowsUsed(row_block) activations.
  std::vector<int64_t> crossbarSums(const int64_t* block_rows, int64_t row_block, int64_t col_block,
                                    FunctionalStats* stats = nullptr, ShiftAddModel* sa = nullptr) const;
  // The offset correction run() applies to the N accumulations of input x (HARDWARE.md §2.1).
  void correctOffsets(std::vector<int64_t>& acc, const std::vector<int64_t>& x) const;

private:
  // Every column of every crossbar (or of crossbar (only_rb, only_cb) alone) read and converted, each
  // result handed to `take` in the order the datapath makes them (accumulate() adds them up; run()
  // with an S+A model hands them on). x[k - x_first] is row k's activation, for the rows read.
  template <class Take>
  void convert(const int64_t* x, int64_t x_first, FunctionalStats* stats, Take&& take, int64_t only_rb = -1,
               int64_t only_cb = -1) const;
  void checkLength(const std::vector<int64_t>& x) const;  // K activations, or std::invalid_argument

  const Design& design_;
  MvmGeometry geom_;
  bool act_signed_;
  int64_t weight_offset_, act_offset_;
  std::vector<uint8_t> cells_;          // [K][N·weightSlices] cell values, row-major
  std::vector<int64_t> weight_sum_;     // Σ_k of offset-encoded weights per output
};

}  // namespace autorac::hw
