#pragma once
// The S+A unit's arithmetic as a replaceable block (docs/rtl.md, "Mixed-level simulation"): what
// the functional datapath does with one input vector's ADC results, shifting each by its input and
// weight slice and adding it into its output. hw::ShiftAdd does it in C++; `pimsim --functional --rtl
// sa` hands the same results to the verilated rtl/shift_add.sv (cosim/RtlShiftAdd.h). Inside the chip
// the arithmetic sits behind a SystemC module's TLM socket (hw/ShiftAddUnit.h).
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "hw/FunctionalMvm.h"
#include "hw/MvmGeometry.h"

namespace autorac::hw {

class ShiftAddModel {
public:
  virtual ~ShiftAddModel() = default;
  // One input vector of a matrix of geometry `g` (which outlives the vector): begin(), then its
  // conversions in the order the datapath makes them, over any number of add() calls, then sums():
  // the g.out_features accumulations Σ q·2^(s·d + k·c), before offset correction. Streamed, so that
  // nothing holds a large matrix's conversions (4.2 M a vector for a 2048 x 2048 fc of 16-bit values).
  // Why this arithmetic cannot take a matrix of geometry `g` whatever its values (a verilated unit's
  // limits), or "" when it can; pimsim asks for every op before the run (sim::checkShiftAdd).
  virtual std::string refuses(const MvmGeometry& g) const {
    (void)g;
    return "";
  }
  virtual void begin(const MvmGeometry& g) = 0;
  virtual void add(const AdcResult* results, size_t count) = 0;
  virtual std::vector<int64_t> sums() = 0;
};

// One conversion shifted and added into its output: input slice s and weight slice k weigh
// 2^(s·d + k·c) (HARDWARE.md §2.5). hw::FunctionalMvm and hw::ShiftAdd both add with it.
inline void shiftAndAdd(std::vector<int64_t>& acc, const MvmGeometry& g, const AdcResult& r) {
  acc[size_t(r.output)] += r.value << (r.input_slice * g.dac_bits + r.weight_slice * g.cell_bits);
}

// The project's S+A arithmetic.
class ShiftAdd final : public ShiftAddModel {
public:
  void begin(const MvmGeometry& g) override {
    g_ = &g;
    acc_.assign(size_t(g.out_features), 0);
  }
  void add(const AdcResult* results, size_t count) override {
    for (size_t i = 0; i < count; ++i) shiftAndAdd(acc_, *g_, results[i]);
  }
  std::vector<int64_t> sums() override { return std::move(acc_); }

private:
  const MvmGeometry* g_ = nullptr;
  std::vector<int64_t> acc_;
};

}  // namespace autorac::hw
