#include "sim/report/FunctionalCheck.h"

#include <cstdlib>

#include "hw/FunctionalMvm.h"
#include "traces/InputError.h"

namespace autorac::sim {

std::vector<FunctionalOp> functionalOps(const trace::Trace& t, const Mapping& m) {
  std::vector<FunctionalOp> ops;
  bool any = false;
  for (size_t i = 0; i < m.ops.size(); ++i) {
    const OpPlan& om = m.ops[i];
    const trace::Op& op = t.ops[om.op_index];
    // The datapath's values are checked for the ops whose arithmetic is one static MVM.
    if (op.type != trace::OpType::Fc) continue;
    FunctionalOp f;
    f.op_index = i;
    f.geometry = &om.groups.at(0).at(0).geometry;
    // An exporter may leave out ops whose weights are not the model's own (e.g. constant select/pad
    // matrices): they are listed as not checked.
    f.weights = t.findTensor(op.id + ".weight");
    if (f.weights) {
      f.input = t.findTensor(op.id + ".input");
      if (!f.input && om.producers.at(0) < 0) f.input = t.findTensor(om.input_ids.at(0));
      if (!f.input)
        throw InputError(t.source, "op '" + op.id + "', tensor '" + op.id + ".input'",
                         "functional mode needs the op's integer input activations (after the model's requantisation)");
      f.bias = t.findTensor(op.id + ".bias");
      f.reference = t.findTensor(op.id + ".output");
      any = true;
    }
    ops.push_back(f);
  }
  if (!any)
    throw InputError(t.source, "", "functional mode needs integer tensors (a sidecar with '<op>.weight' and '<op>.input') "
                                   "for at least one fc op; this trace has none");
  return ops;
}

void checkShiftAdd(const Mapping& m, const std::vector<FunctionalOp>& ops, const hw::ShiftAddModel& sa, const std::string& option) {
  for (const FunctionalOp& f : ops) {
    if (!f.weights) continue;
    if (const std::string why = sa.refuses(*f.geometry); !why.empty())
      throw InputError(option, "op '" + m.ops[f.op_index].op_id + "'", why);
  }
}

std::vector<OpFunctionalResult> runFunctional(const hw::Design& d, const trace::Trace& t, const Mapping& m,
                                              const std::vector<FunctionalOp>& ops, hw::ShiftAddModel* sa) {
  std::vector<OpFunctionalResult> results;
  for (const FunctionalOp& f : ops) {
    const OpPlan& om = m.ops[f.op_index];
    const trace::Op& op = t.ops[om.op_index];
    if (!f.weights) {
      OpFunctionalResult skipped;
      skipped.op_id = op.id;
      skipped.checked = false;
      results.push_back(std::move(skipped));
      continue;
    }
    const hw::MvmGeometry& geometry = *f.geometry;
    const trace::Tensor *input = f.input, *bias = f.bias, *reference = f.reference;
    const int64_t k = geometry.in_features, n_out = geometry.out_features;
    const uint64_t samples = uint64_t(input->shape.at(0));

    hw::FunctionalMvm mvm(d, geometry, f.weights->data, op.act_signed);
    OpFunctionalResult r;
    r.op_id = op.id;
    r.samples = samples;
    r.lossless_adc = mvm.lossless();
    r.has_reference = reference != nullptr;
    hw::FunctionalStats stats;
    double abs_sum = 0;
    for (uint64_t s = 0; s < samples; ++s) {
      std::vector<int64_t> x(input->data.begin() + int64_t(s) * k, input->data.begin() + int64_t(s + 1) * k);
      std::vector<int64_t> y = mvm.run(x, &stats, sa);
      for (int64_t j = 0; j < n_out; ++j) {
        if (bias) y[size_t(j)] += bias->data[size_t(j)];
        if (reference) {
          const int64_t err = std::llabs(y[size_t(j)] - reference->data[size_t(int64_t(s) * n_out + j)]);
          r.mismatches += err != 0;
          r.max_abs_error = std::max(r.max_abs_error, err);
          abs_sum += double(err);
        }
      }
      r.outputs.insert(r.outputs.end(), y.begin(), y.end());
    }
    r.conversions = stats.conversions;
    r.lossy_conversions = stats.lossy_conversions;
    if (reference && samples > 0) r.mean_abs_error = abs_sum / double(samples * uint64_t(n_out));
    results.push_back(std::move(r));
  }
  return results;
}

}  // namespace autorac::sim
