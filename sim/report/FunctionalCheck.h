#pragma once
// Functional simulation (--functional): every fc op's integer outputs (other op types are not checked)
// computed through the modelled datapath (hw/FunctionalMvm: weight slices, input slices, ADC,
// shift-and-add, offset correction, row-block reduction) by the crossbars of pimsim's SystemC run as
// it goes, the values carried by the run's transfers (sim/run/OpValues.h, StageValues.h), and compared
// with the model's integer reference where the trace carries one. This file finds the tensors and
// holds the result; the run computes it.
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
  uint64_t samples = 0;          // checked: pimsim's run carries one tensor row per simulated vector
  uint64_t tensor_samples = 0;   // rows in the trace's input tensor
  uint64_t values_carried = 0;   // pimsim: values the interconnect carried between tiles (input rows,
                                 // partial sums, reduced results), each in the transfer that timed it
  bool lossless_adc = false;
  bool has_reference = false;
  uint64_t mismatches = 0;       // outputs differing from the reference
  int64_t max_abs_error = 0;
  double mean_abs_error = 0;
  uint64_t conversions = 0, lossy_conversions = 0;
  std::vector<int64_t> outputs;  // [samples][out_features]
};

// The tensors the functional datapath needs for one fc op, found in the trace.
struct FunctionalOp {
  size_t op_index = 0;                     // in the mapping
  std::string op_id;
  bool act_signed = false;                 // the op's activations are signed
  const hw::MvmGeometry* geometry = nullptr;  // its matrix, as the mapping lays it out
  const trace::Tensor* weights = nullptr;  // null: the trace carries none, the op is not checked
  const trace::Tensor* input = nullptr;
  const trace::Tensor* bias = nullptr;       // optional
  const trace::Tensor* reference = nullptr;  // optional: the model's integer outputs
};

// Every fc op's tensors; fc ops without integer weights in the trace are listed unchecked. Throws
// InputError naming the op and the missing tensor when an op has weights but no inputs, or when no fc
// op has weights at all. Cheap: pimsim calls it before it elaborates the chip.
std::vector<FunctionalOp> functionalOps(const trace::Trace& trace, const Mapping& mapping);

// Throws InputError, before any run, naming `option` and the op, where `sa` cannot take one of the
// checked ops' matrices (a verilated S+A's slice and accumulator limits: hw::ShiftAddModel::refuses).
void checkShiftAdd(const Mapping& mapping, const std::vector<FunctionalOp>& ops, const hw::ShiftAddModel& sa,
                   const std::string& option);

}  // namespace autorac::sim
