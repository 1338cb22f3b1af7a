#include "sim/report/FunctionalCheck.h"

#include <cstdlib>

#include "hw/FunctionalMvm.h"
#include "traces/InputError.h"

namespace autorac::sim {

std::vector<OpFunctionalResult> runFunctional(const hw::Design& d, const trace::Trace& t, const Mapping& m,
                                              hw::ShiftAddModel* sa) {
  std::vector<OpFunctionalResult> results;
  for (const auto& om : m.ops) {
    const trace::Op& op = t.ops[om.op_index];
    // The datapath's values are checked for the ops whose arithmetic is one static MVM.
    if (op.type != trace::OpType::Fc) continue;
    const hw::MvmGeometry& geometry = om.groups.at(0).at(0).geometry;
    const trace::Tensor* weight_tensor = t.findTensor(op.id + ".weight");
    if (!weight_tensor) {
      // An exporter may leave out ops whose weights are not the model's own (e.g. constant
      // select/pad matrices): they are listed as not checked.
      OpFunctionalResult skipped;
      skipped.op_id = op.id;
      skipped.checked = false;
      results.push_back(std::move(skipped));
      continue;
    }
    const auto& weights = *weight_tensor;
    const trace::Tensor* input = t.findTensor(op.id + ".input");
    if (!input && om.producers.at(0) < 0) input = t.findTensor(om.input_ids.at(0));
    if (!input)
      throw InputError(t.source, "op '" + op.id + "', tensor '" + op.id + ".input'",
                       "functional mode needs the op's integer input activations (after the model's requantisation)");
    const trace::Tensor* bias = t.findTensor(op.id + ".bias");
    const trace::Tensor* reference = t.findTensor(op.id + ".output");
    const int64_t k = geometry.in_features, n_out = geometry.out_features;
    const uint64_t samples = uint64_t(input->shape.at(0));

    hw::FunctionalMvm mvm(d, geometry, weights.data, op.act_signed);
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
  bool any = false;
  for (const auto& r : results) any = any || r.checked;
  if (!any)
    throw InputError(t.source, "", "functional mode needs integer tensors (a sidecar with '<op>.weight' and '<op>.input') "
                                   "for at least one fc op; this trace has none");
  return results;
}

}  // namespace autorac::sim
