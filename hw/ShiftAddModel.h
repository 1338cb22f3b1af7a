#pragma once
// The S+A unit's arithmetic as a replaceable block (docs/rtl.md, "Mixed-level simulation"): what
// hw::FunctionalMvm does with one input vector's ADC results, shifting each by its input and weight
// slice and adding it into its output. FunctionalMvm does it in C++; `pimsim --functional --rtl sa`
// hands the same results to the verilated rtl/shift_add.sv (cosim/RtlShiftAdd.h).
#include <cstdint>
#include <vector>

#include "hw/FunctionalMvm.h"
#include "hw/MvmGeometry.h"

namespace autorac::hw {

class ShiftAddModel {
public:
  virtual ~ShiftAddModel() = default;
  // One input vector's conversions, in the order the datapath makes them, for a matrix of geometry
  // `g`: returns the g.out_features accumulations Σ q·2^(s·d + k·c) (before offset correction).
  virtual std::vector<int64_t> accumulate(const MvmGeometry& g, const std::vector<AdcResult>& results) = 0;
};

}  // namespace autorac::hw
