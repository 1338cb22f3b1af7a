#pragma once
// The datapath's arithmetic, value by value: offset-encoded weights sliced into cells, inputs applied
// d bits per slice, every column value through the ADC, shift-and-add, offset correction and row-block
// reduction. With a lossless ADC it reproduces W·x bit for bit; with a lossy one it returns what the
// chip would compute, and counts the conversions that lost information.
#include <cstdint>
#include <vector>

#include "hw/Design.h"
#include "hw/MvmGeometry.h"

namespace autorac::hw {

struct FunctionalStats {
  int64_t conversions = 0;
  int64_t lossy_conversions = 0;  // conversions whose value the ADC could not represent exactly
};

class FunctionalMvm {
public:
  // weights: N×K row-major, each within the signed weight_bits range.
  FunctionalMvm(const Design& d, const MvmGeometry& g, const std::vector<int64_t>& weights, bool act_signed);

  // x: K activations within the (signed or unsigned) act_bits range; returns the N outputs.
  std::vector<int64_t> run(const std::vector<int64_t>& x, FunctionalStats* stats = nullptr) const;

  bool lossless() const;

private:
  const Design& design_;
  MvmGeometry geom_;
  bool act_signed_;
  int64_t weight_offset_, act_offset_;
  std::vector<uint8_t> cells_;          // [K][N·weightSlices] cell values, row-major
  std::vector<int64_t> weight_sum_;     // Σ_k of offset-encoded weights per output
};

}  // namespace autorac::hw
