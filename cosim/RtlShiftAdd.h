#pragma once
// A verilated rtl/shift_add.sv doing the functional datapath's shift-and-add (pimsim --functional
// --rtl sa): each input vector's ADC results are driven into the unit one beat per cycle, exactly as
// its harness drives them (rtl/drivers/ShiftAddDriver.h), and the sums are read back from its
// accumulators. The unit holds OUTPUTS accumulators, so a matrix with more outputs is taken in
// groups of OUTPUTS outputs, each group one vector for the unit (start on its first result, last on
// its last). It is the arithmetic behind the chip's functional S+A unit (hw/ShiftAddUnit.h) in place
// of hw::ShiftAdd, so the outputs in the report come from the RTL.
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "hw/Design.h"
#include "hw/ShiftAddModel.h"
#include "rtl/drivers/ShiftAddDriver.h"
#include "rtl/drivers/TestBench.h"
#include "traces/InputError.h"

namespace autorac::cosim {

template <class Model, class Params>
class RtlShiftAdd final : public hw::ShiftAddModel {
public:
  explicit RtlShiftAdd(const hw::Design& d) : design_(d), bench_("shift_add"), driver_(bench_) { bench_.reset(); }

  // The unit's limits depend on the matrix's shape only: its slices, and the largest sum its beats
  // could give (every output gets one beat per row block, input slice and weight slice, each at most
  // the ADC's largest code at its LSB weight: rtl::beatFor).
  std::string refuses(const hw::MvmGeometry& g) const override {
    const std::string matrix = "a " + std::to_string(g.in_features) + " x " + std::to_string(g.out_features) + " matrix";
    if (g.inputSlices() > Params::IN_SLICES || g.weightSlices() > Params::W_SLICES)
      return matrix + " needs " + std::to_string(g.inputSlices()) + " input slices and " + std::to_string(g.weightSlices()) +
             " weight slices; the verilated S+A takes at most " + std::to_string(Params::IN_SLICES) + " and " +
             std::to_string(Params::W_SLICES);
    double bound = 0;
    for (int64_t rb = 0; rb < g.rowBlocks(); ++rb) {
      const int lsb = rtl::lsbOf(g.maxColumnValue(g.rowsUsed(rb)), design_);
      for (int s = 0; s < g.inputSlices(); ++s)
        for (int k = 0; k < g.weightSlices(); ++k)
          bound += std::ldexp(double((uint64_t(1) << Params::ADC_BITS) - 1), s * Params::DAC_BITS + k * Params::CELL_BITS + lsb);
    }
    if (bound >= std::ldexp(1.0, Params::ACC_BITS))
      return matrix + "'s sums may need more than the verilated S+A's " + std::to_string(Params::ACC_BITS) + "-bit accumulators";
    return "";
  }

  void begin(const hw::MvmGeometry& g) override {
    // Also where pimsim's check before the run was skipped (a harness driving the unit directly).
    if (const std::string why = refuses(g); !why.empty()) throw InputError("--rtl sa", "", why);
    g_ = &g;
    groups_.assign(size_t((g.out_features + Params::OUTPUTS - 1) / Params::OUTPUTS), {});
  }

  void add(const hw::AdcResult* results, size_t count) override {
    for (size_t i = 0; i < count; ++i) {
      const hw::AdcResult& r = results[i];
      rtl::SaBeat b = rtl::beatFor(r, design_);
      b.out = int(r.output % Params::OUTPUTS);
      groups_[size_t(r.output / Params::OUTPUTS)].push_back(b);
    }
  }

  std::vector<int64_t> sums() override {
    const hw::MvmGeometry& g = *g_;
    std::vector<int64_t> sums(size_t(g.out_features), 0);
    for (size_t k = 0; k < groups_.size(); ++k) {
      auto& beats = groups_[k];
      if (beats.empty()) continue;
      beats.front().start = true;
      beats.back().last = true;
      for (const auto& b : beats) driver_.send(b);
      beats_ += int64_t(beats.size());
      // Once the last result's cycle has ended, the accumulators hold the group's sums.
      for (int o = 0; o < Params::OUTPUTS && int64_t(k) * Params::OUTPUTS + o < g.out_features; ++o)
        sums[size_t(int64_t(k) * Params::OUTPUTS + o)] = int64_t(driver_.peek(o));
    }
    groups_.clear();
    return sums;
  }

  int64_t beatsDriven() const { return beats_; }  // ADC results the verilated unit has taken

private:
  const hw::Design& design_;
  int64_t beats_ = 0;
  rtl::TestBench<Model> bench_;
  rtl::ShiftAddDriver<Model, Params> driver_;
  // The vector being taken: its geometry, and its beats by group of OUTPUTS outputs (each group one
  // vector for the unit).
  const hw::MvmGeometry* g_ = nullptr;
  std::vector<std::vector<rtl::SaBeat>> groups_;
};

}  // namespace autorac::cosim
