#include "models/export/TraceExporter.h"

#include <filesystem>

#include <torch/torch.h>

#include "models/export/TraceBuilder.h"
#include "models/nn/Quantizer.h"
#include "traces/TraceWriter.h"

namespace autorac::models {

namespace {

trace::Tensor toTraceTensor(const torch::Tensor& t) {
  auto c = t.to(torch::kInt64).contiguous();
  trace::Tensor r;
  r.shape.assign(c.sizes().begin(), c.sizes().end());
  r.data.assign(c.data_ptr<int64_t>(), c.data_ptr<int64_t>() + c.numel());
  return r;
}

}  // namespace

ExportSummary exportTrace(Supernet& net, const Arch& arch, const CtrSchema& schema, const Batch& batch,
                          const std::string& path, const ExportOptions& options) {
  net->checkArch(arch);
  TraceBuilder builder(arch, schema, net->shape().table_size, options.with_tensors ? batch.size() : 1);
  trace::Trace& t = builder.trace();
  ExportSummary s;
  s.ops = static_cast<int>(t.ops.size());
  for (const auto& op : t.ops) s.fc_ops += op.type == trace::OpType::Fc;
  if (options.with_tensors) {
    torch::NoGradGuard guard;
    net->eval();
    Recorder rec;
    net->forward(batch.dense, batch.sparse, arch, &rec);
    for (const auto& r : rec.linears) {
      const trace::Op* op = t.findOp(r.name);
      if (!op || op->type != trace::OpType::Fc) continue;  // attention/efc internals: no fc op
      TORCH_CHECK(r.input.size(0) == batch.size() && r.weight.size(1) == op->in_features &&
                      r.weight.size(0) == op->out_features,
                  "export: recorded shapes of ", r.name, " do not match the trace");
      auto w = quantizeWeight(r.weight, r.precision.weight_bits);
      auto x = quantizeActivation(r.input, r.precision.act_bits);
      auto acc = torch::matmul(x.values, w.values.t());  // int64, exact
      t.tensors[r.name + ".weight"] = toTraceTensor(w.values);
      t.tensors[r.name + ".input"] = toTraceTensor(x.values);
      if (r.bias.defined()) {
        auto b = torch::round(r.bias.to(torch::kFloat64) / (w.scale.to(torch::kFloat64) * x.scale.item<double>()))
                     .to(torch::kInt64);
        acc = acc + b.unsqueeze(0);
        t.tensors[r.name + ".bias"] = toTraceTensor(b);
      }
      t.tensors[r.name + ".output"] = toTraceTensor(acc);
      ++s.tensor_ops;
    }
    t.tensors_file = std::filesystem::path(path).stem().string() + ".tensors.json";
    s.tensors_file = t.tensors_file;
  }
  trace::writeTrace(t, path);
  return s;
}

}  // namespace autorac::models
