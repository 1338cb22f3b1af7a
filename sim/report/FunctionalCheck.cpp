#include "sim/report/FunctionalCheck.h"

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
    f.op_id = op.id;
    f.act_signed = op.act_signed;
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

}  // namespace autorac::sim
