#pragma once
// The S+A unit's arithmetic as a replaceable block (docs/rtl.md, "Mixed-level simulation"): what
// the functional datapath does with one input vector's ADC results, shifting each by its input and
// weight slice and adding it into its output. hw::ShiftAdd does it in C++; `pimsim --functional --rtl
// sa` hands the same results to the verilated rtl/shift_add.sv (cosim/RtlShiftAdd.h). Inside the chip
// the arithmetic sits behind a SystemC module's TLM socket (hw/ShiftAddUnit.h).
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

// One conversion shifted and added into its output: input slice s and weight slice k weigh
// 2^(s·d + k·c) (HARDWARE.md §2.5). hw::FunctionalMvm and hw::ShiftAdd both add with it.
inline void shiftAndAdd(std::vector<int64_t>& acc, const MvmGeometry& g, const AdcResult& r) {
  acc[size_t(r.output)] += r.value << (r.input_slice * g.dac_bits + r.weight_slice * g.cell_bits);
}

// The project's S+A arithmetic.
class ShiftAdd final : public ShiftAddModel {
public:
  std::vector<int64_t> accumulate(const MvmGeometry& g, const std::vector<AdcResult>& results) override {
    std::vector<int64_t> acc(size_t(g.out_features), 0);
    for (const AdcResult& r : results) shiftAndAdd(acc, g, r);
    return acc;
  }
};

}  // namespace autorac::hw
