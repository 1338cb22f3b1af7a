#include "traces/TensorSidecar.h"

#include "traces/InputError.h"
#include "traces/JsonFields.h"

namespace autorac::trace {

using nlohmann::json;

namespace {

Tensor parseTensor(const std::string& key, const json& v, const std::string& file) {
  std::string context = "tensor '" + key + "'";
  if (!v.is_object()) throw InputError(file, context, "must be an object {\"shape\", \"data\"}, got " + describeJson(v));
  FieldReader r(v, file, context);
  r.rejectUnknown({"shape", "data"});
  Tensor t;
  t.shape = r.shape("shape");
  const json& data = r.require("data");
  if (!data.is_array()) r.fail("data", "must be an array of integers, got " + describeJson(data));
  int64_t n = t.elements();  // FieldReader::shape has checked it does not overflow
  if (static_cast<int64_t>(data.size()) != n)
    r.fail("data", "has " + std::to_string(data.size()) + " values but shape " + shapeString(t.shape) + " needs " +
                       std::to_string(n));
  t.data.resize(data.size());
  for (size_t i = 0; i < data.size(); ++i)
    if (!jsonToInt64(data[i], t.data[i]))
      throw InputError(file, context + ", element " + std::to_string(i), "is " + describeJson(data[i]) + ", not an integer");
  return t;
}

// What a key may hold: its expected shape, the fields that imply it (for messages), and the value range.
struct Expectation {
  std::vector<int64_t> shape;
  std::string shape_fields;  // "[out_features, in_features]"
  bool check_range = false;
  int64_t lo = 0, hi = 0;
  std::string range_fields;  // "op 'fc1' field 'weight_bits' = 8, signed"
};

void setBitsRange(Expectation& e, int bits, bool is_signed, const std::string& what) {
  e.check_range = true;
  e.lo = is_signed ? -(int64_t{1} << (bits - 1)) : 0;
  e.hi = is_signed ? (int64_t{1} << (bits - 1)) - 1 : (int64_t{1} << bits) - 1;
  e.range_fields = what + " = " + std::to_string(bits) + (is_signed ? ", signed" : ", unsigned");
}

Expectation weightExpectation(const Op& op, const std::string& key, const std::string& file) {
  Expectation e;
  int64_t dim = op.intAttribute("dim");
  switch (op.type) {
    case OpType::Fc:
      e.shape = {op.out_features, op.in_features};
      e.shape_fields = "[out_features, in_features]";
      break;
    case OpType::Embedding:
      e.shape = {op.intAttribute("num_embeddings"), op.intAttribute("embedding_dim")};
      e.shape_fields = "[num_embeddings, embedding_dim]";
      break;
    case OpType::Efc:
      e.shape = {op.intAttribute("out_tokens"), op.intAttribute("in_tokens")};
      e.shape_fields = "[out_tokens, in_tokens]";
      break;
    case OpType::Attention:
      e.shape = {4, dim, dim};
      e.shape_fields = "[4 (Q, K, V, O), dim, dim]";
      break;
    default:
      throw InputError(file, "tensor '" + key + "'",
                       "op '" + op.id + "' is a '" + opTypeName(op.type) + "' op, which has no weights");
  }
  setBitsRange(e, op.weight_bits, true, "op '" + op.id + "' field 'weight_bits'");
  return e;
}

Expectation expectationFor(const Trace& t, const std::string& key, const std::string& file) {
  Expectation e;
  if (const GraphInput* g = t.findInput(key)) {
    e.shape = {t.batch};
    e.shape.insert(e.shape.end(), g->shape.begin(), g->shape.end());
    e.shape_fields = "[batch, graph input '" + key + "' shape...]";
    setBitsRange(e, g->bits, g->is_signed, "graph input '" + key + "' field 'bits'");
    return e;
  }
  size_t dot = key.rfind('.');
  std::string where = "tensor '" + key + "'";
  const Op* op = dot == std::string::npos ? nullptr : t.findOp(key.substr(0, dot));
  if (!op)
    throw InputError(file, where, "names no graph input and no '<op>.<kind>' of an op in the trace");
  std::string kind = key.substr(dot + 1), opname = "op '" + op->id + "'";
  if (kind == "weight") return weightExpectation(*op, key, file);
  if (kind == "bias") {
    if (op->type != OpType::Fc || !op->bias) throw InputError(file, where, opname + " has no bias (field 'bias' is not true)");
    e.shape = {op->out_features};
    e.shape_fields = "[out_features]";
  } else if (kind == "input") {
    if (op->inputs.size() != 1)
      throw InputError(file, where, opname + " has " + std::to_string(op->inputs.size()) +
                                        " inputs; give its producers' '<id>.output' tensors instead");
    e.shape = {t.batch, op->in_features};
    e.shape_fields = "[batch, in_features]";
    if (op->type == OpType::Embedding) {
      e.check_range = true;
      e.lo = 0;
      e.hi = op->intAttribute("num_embeddings") - 1;
      e.range_fields = opname + " field 'num_embeddings' (ids 0.." + std::to_string(e.hi) + ")";
    } else {
      setBitsRange(e, op->act_bits, op->act_signed, opname + " field 'act_bits'");
    }
  } else if (kind == "output") {
    e.shape = {t.batch, op->out_features};  // exact results: any int64, no range
    e.shape_fields = "[batch, out_features]";
  } else {
    throw InputError(file, where, "unknown tensor kind '" + kind + "' (expected weight, bias, input or output)");
  }
  return e;
}

}  // namespace

std::map<std::string, Tensor> parseTensorSidecar(const json& doc, const std::string& file) {
  if (!doc.is_object()) throw InputError(file, "", "a tensor sidecar must be a JSON object");
  FieldReader r(doc, file, "");
  std::string format = r.string("format");
  if (format != kTensorFormatName)
    r.fail("format", "is '" + format + "', expected '" + kTensorFormatName + "'");
  int64_t version = 0;
  if (!jsonToInt64(r.require("version"), version) || version != kTensorFormatVersion)
    r.fail("version", "unsupported version " + doc["version"].dump() + " (this build reads version 1)");
  r.rejectUnknown({"format", "version", "tensors"});
  const json& tensors = r.require("tensors");
  if (!tensors.is_object()) r.fail("tensors", "must be an object keyed by tensor name, got " + describeJson(tensors));
  std::map<std::string, Tensor> out;
  for (auto it = tensors.begin(); it != tensors.end(); ++it) out[it.key()] = parseTensor(it.key(), it.value(), file);
  return out;
}

json tensorSidecarToJson(const std::map<std::string, Tensor>& tensors) {
  json doc = {{"format", kTensorFormatName}, {"version", kTensorFormatVersion}, {"tensors", json::object()}};
  for (const auto& [key, t] : tensors) doc["tensors"][key] = {{"shape", t.shape}, {"data", t.data}};
  return doc;
}

void validateTensors(const Trace& t, const std::string& file) {
  for (const auto& [key, tensor] : t.tensors) {
    Expectation e = expectationFor(t, key, file);
    if (tensor.shape != e.shape)
      throw InputError(file, "tensor '" + key + "'",
                       "shape " + shapeString(tensor.shape) + " contradicts the trace: expected " + e.shape_fields +
                           " = " + shapeString(e.shape));
    if (static_cast<int64_t>(tensor.data.size()) != tensor.elements())
      throw InputError(file, "tensor '" + key + "'", "data length does not match its shape");
    if (!e.check_range) continue;
    for (size_t i = 0; i < tensor.data.size(); ++i)
      if (tensor.data[i] < e.lo || tensor.data[i] > e.hi)
        throw InputError(file, "tensor '" + key + "', element " + std::to_string(i),
                         "value " + std::to_string(tensor.data[i]) + " is outside " + std::to_string(e.lo) + ".." +
                             std::to_string(e.hi) + " allowed by " + e.range_fields);
  }
}

}  // namespace autorac::trace
