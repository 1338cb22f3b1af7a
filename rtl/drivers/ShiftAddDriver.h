#pragma once
// Layer 2 of the S+A harness (docs/rtl.md): the bus-functional driver of rtl/shift_add.sv. It turns
// the functional model's ADC results (hw::AdcResult, from hw::FunctionalMvm::accumulate) into the
// unit's input beats — code, slice indices, LSB weight, output index, start/last — drives one beat or a
// bubble per cycle, and reports what the unit showed in that cycle.
#include <cstdint>
#include <stdexcept>
#include <string>

#include "rtl/drivers/TestBench.h"
#include "hw/AdcTransfer.h"
#include "hw/Design.h"
#include "hw/FunctionalMvm.h"

namespace autorac::rtl {

// One input beat of the S+A.
struct SaBeat {
  uint64_t code = 0;  // the ADC's b-bit output
  int s = 0, k = 0, lsb = 0;
  int out = 0;
  bool start = false, last = false;
};

// What the unit showed in one cycle (its registered outputs).
struct SaObserved {
  int64_t cycle = 0;
  bool out_valid = false, vec_done = false;
  int out_idx = 0;
  uint64_t out_acc = 0;
};

// The ADC returns b bits; the S+A learns their weight from the column's range (hw/AdcTransfer.h): a
// `drop-lsb` ADC whose range needs more than b bits returns the top b, so its LSB weighs
// 2^(range_bits − b); exact and clipping ADCs return the value itself.
inline int lsbOf(int64_t max_value, const hw::Design& d) {
  const int range_bits = hw::bitsToHold(max_value);
  return (d.adc.loss_mode == hw::AdcLossMode::DropLsb && range_bits > d.adc.bits) ? range_bits - d.adc.bits : 0;
}

inline SaBeat beatFor(const hw::AdcResult& r, const hw::Design& d) {
  const int lsb = lsbOf(r.max_value, d);
  SaBeat b;
  b.code = uint64_t(r.value >> lsb);
  if ((int64_t(b.code) << lsb) != r.value || b.code >= (uint64_t(1) << d.adc.bits))
    throw std::logic_error("ADC result " + std::to_string(r.value) + " is not a b-bit code");
  b.s = r.input_slice;
  b.k = r.weight_slice;
  b.lsb = lsb;
  b.out = int(r.output);
  return b;
}

template <class Model, class Params>
class ShiftAddDriver {
public:
  explicit ShiftAddDriver(TestBench<Model>& tb) : tb_(tb) {}

  // Drives `beat` in the current cycle and ends it; returns the outputs of that cycle.
  SaObserved send(const SaBeat& beat) {
    if (beat.s >= Params::IN_SLICES || beat.k >= Params::W_SLICES || beat.out >= Params::OUTPUTS ||
        beat.lsb >= (1 << Params::LSB_BITS) || beat.code >= (uint64_t(1) << Params::ADC_BITS))
      throw std::out_of_range("S+A beat outside the verilated unit's parameters");
    auto& io = tb_.io();
    io.in_valid = 1;
    io.in_value = beat.code;
    io.in_s = beat.s;
    io.in_k = beat.k;
    io.in_lsb = beat.lsb;
    io.in_out = beat.out;
    io.in_start = beat.start;
    io.in_last = beat.last;
    return finishCycle();
  }
  // A bubble: nothing valid this cycle.
  SaObserved idle() {
    auto& io = tb_.io();
    io.in_valid = 0;
    io.in_start = 0;
    io.in_last = 0;
    return finishCycle();
  }
  // Accumulator n as the unit holds it in the current cycle (its combinational read port).
  uint64_t peek(int n) {
    tb_.io().rd_idx = n;
    tb_.settle();
    return uint64_t(tb_.io().rd_acc);
  }

private:
  SaObserved finishCycle() {
    auto& io = tb_.io();
    tb_.settle();
    SaObserved o;
    o.cycle = tb_.cycle();
    o.out_valid = io.out_valid;
    o.vec_done = io.vec_done;
    o.out_idx = io.out_idx;
    o.out_acc = io.out_acc;
    tb_.tick();
    return o;
  }

  TestBench<Model>& tb_;
};

}  // namespace autorac::rtl
