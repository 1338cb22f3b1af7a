#pragma once
// Functional simulation (--functional): every fc op's integer outputs (other op types are not checked) computed through the modelled
// datapath (hw/FunctionalMvm: weight slices, input slices, ADC, shift-and-add, offset correction,
// row-block reduction) for every sample of the trace's tensors, compared with the model's integer
// reference where the trace carries one.
#include <cstdint>
#include <string>
#include <vector>

#include "hw/Design.h"
#include "hw/ShiftAddModel.h"
#include "sim/mapping/Mapping.h"
#include "traces/Trace.h"

namespace autorac::sim {

struct OpFunctionalResult {
  std::string op_id;
  bool checked = true;           // false: the trace carries no weights for this op
  uint64_t samples = 0;
  bool lossless_adc = false;
  bool has_reference = false;
  uint64_t mismatches = 0;       // outputs differing from the reference
  int64_t max_abs_error = 0;
  double mean_abs_error = 0;
  uint64_t conversions = 0, lossy_conversions = 0;
  std::vector<int64_t> outputs;  // [samples][out_features]
};

// fc ops without integer weights in the trace are returned unchecked. Throws InputError naming the op
// and the missing tensor when an op has weights but no inputs, or when no fc op has weights at all.
// `sa`: the S+A model in place of hw::FunctionalMvm's own (pimsim --rtl sa), or null.
std::vector<OpFunctionalResult> runFunctional(const hw::Design& design, const trace::Trace& trace, const Mapping& mapping,
                                              hw::ShiftAddModel* sa = nullptr);

}  // namespace autorac::sim
