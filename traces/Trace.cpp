// The small helpers declared in Trace.h: names of enums, look-ups, and content equality.
#include "traces/Trace.h"

#include "traces/JsonFields.h"
#include "traces/OpSchema.h"

namespace autorac::trace {

using nlohmann::json;

namespace {

struct OpTypeEntry {
  OpType type;
  const char* name;
};

// The names are the "type" strings of the JSON format: changing one is a format version change.
constexpr OpTypeEntry kOpTypes[] = {
    {OpType::Embedding, "embedding"}, {OpType::Fc, "fc"},       {OpType::Efc, "efc"},
    {OpType::Dot, "dot"},             {OpType::Gating, "gating"}, {OpType::Sum, "sum"},
    {OpType::Attention, "attention"}, {OpType::Fm, "fm"},       {OpType::LayerNorm, "layernorm"},
    {OpType::Concat, "concat"},       {OpType::Add, "add"},     {OpType::Mul, "mul"},
    {OpType::Relu, "relu"},           {OpType::Sigmoid, "sigmoid"}, {OpType::Softmax, "softmax"},
};

// attributes without the keys that typed members mirror: what operator== compares of them.
json unmirrored(const Op& op) {
  json out = json::object();
  if (!op.attributes.is_object()) return out;
  for (auto it = op.attributes.begin(); it != op.attributes.end(); ++it)
    if (!isMirroredKey(op.type, it.key())) out[it.key()] = it.value();
  return out;
}

std::string opDifference(const Op& a, const Op& b) {
  auto differ = [&](const char* member, const std::string& x, const std::string& y) {
    return "op '" + a.id + "': " + member + " " + x + " vs " + y;
  };
  if (a.id != b.id) return "op id '" + a.id + "' vs '" + b.id + "'";
  if (a.type != b.type) return differ("type", opTypeName(a.type), opTypeName(b.type));
  if (a.inputs != b.inputs) return differ("inputs", json(a.inputs).dump(), json(b.inputs).dump());
  if (a.in_features != b.in_features)
    return differ("in_features", std::to_string(a.in_features), std::to_string(b.in_features));
  if (a.out_features != b.out_features)
    return differ("out_features", std::to_string(a.out_features), std::to_string(b.out_features));
  if (a.weight_bits != b.weight_bits)
    return differ("weight_bits", std::to_string(a.weight_bits), std::to_string(b.weight_bits));
  if (a.act_bits != b.act_bits) return differ("act_bits", std::to_string(a.act_bits), std::to_string(b.act_bits));
  if (a.act_signed != b.act_signed)
    return differ("act_signed", a.act_signed ? "true" : "false", b.act_signed ? "true" : "false");
  if (a.activation != b.activation) return differ("activation", activationName(a.activation), activationName(b.activation));
  if (a.bias != b.bias) return differ("bias", a.bias ? "true" : "false", b.bias ? "true" : "false");
  json ua = unmirrored(a), ub = unmirrored(b);
  if (ua != ub) return differ("attributes", ua.dump(), ub.dump());
  return "";
}

std::string tensorDifference(const std::string& key, const Tensor& a, const Tensor& b) {
  if (a.shape != b.shape) return "tensor '" + key + "': shape " + shapeString(a.shape) + " vs " + shapeString(b.shape);
  if (a.data.size() != b.data.size()) return "tensor '" + key + "': data length differs";
  for (size_t i = 0; i < a.data.size(); ++i)
    if (a.data[i] != b.data[i])
      return "tensor '" + key + "', element " + std::to_string(i) + ": " + std::to_string(a.data[i]) + " vs " +
             std::to_string(b.data[i]);
  return "";
}

}  // namespace

const char* opTypeName(OpType t) {
  for (const auto& e : kOpTypes)
    if (e.type == t) return e.name;
  return "?";  // unreachable for valid enum values
}

bool opTypeFromName(const std::string& name, OpType& out) {
  for (const auto& e : kOpTypes) {
    if (name == e.name) {
      out = e.type;
      return true;
    }
  }
  return false;
}

const std::vector<OpType>& allOpTypes() {
  static const std::vector<OpType> all = [] {
    std::vector<OpType> v;
    for (const auto& e : kOpTypes) v.push_back(e.type);
    return v;
  }();
  return all;
}

std::string knownOpTypeNames() {
  std::string s;
  for (const auto& e : kOpTypes) s += (s.empty() ? "" : ", ") + std::string(e.name);
  return s;
}

const char* activationName(Activation a) {
  switch (a) {
    case Activation::Relu: return "relu";
    case Activation::Sigmoid: return "sigmoid";
    default: return "none";
  }
}

bool activationFromName(const std::string& name, Activation& out) {
  static const std::pair<const char*, Activation> kNames[] = {
      {"none", Activation::None}, {"relu", Activation::Relu}, {"sigmoid", Activation::Sigmoid}};
  for (const auto& [n, a] : kNames) {
    if (name == n) {
      out = a;
      return true;
    }
  }
  return false;
}

int64_t Tensor::elements() const {
  int64_t n = 1;
  for (int64_t d : shape) n *= d;
  return n;
}

int64_t Op::intAttribute(const std::string& key) const {
  int64_t v = 0;
  if (!attributes.is_object() || !attributes.contains(key) || !jsonToInt64(attributes[key], v)) return 0;
  return v;
}

const Op* Trace::findOp(const std::string& id) const {
  for (const auto& op : ops)
    if (op.id == id) return &op;
  return nullptr;
}

const GraphInput* Trace::findInput(const std::string& id) const {
  for (const auto& in : inputs)
    if (in.id == id) return &in;
  return nullptr;
}

const Tensor* Trace::findTensor(const std::string& key) const {
  auto it = tensors.find(key);
  return it == tensors.end() ? nullptr : &it->second;
}

int64_t Trace::widthOf(const std::string& id) const {
  if (const GraphInput* in = findInput(id)) {
    int64_t n = 1;
    for (int64_t d : in->shape) n *= d;
    return n;
  }
  if (const Op* op = findOp(id)) return op->out_features;
  return -1;
}

std::string describeDifference(const Trace& a, const Trace& b) {
  if (a.name != b.name) return "name '" + a.name + "' vs '" + b.name + "'";
  if (a.batch != b.batch) return "batch " + std::to_string(a.batch) + " vs " + std::to_string(b.batch);
  if (a.comment != b.comment) return "comment " + a.comment.dump() + " vs " + b.comment.dump();
  if (a.inputs.size() != b.inputs.size())
    return std::to_string(a.inputs.size()) + " graph inputs vs " + std::to_string(b.inputs.size());
  for (size_t i = 0; i < a.inputs.size(); ++i)
    if (a.inputs[i] != b.inputs[i]) return "graph input #" + std::to_string(i) + " ('" + a.inputs[i].id + "') differs";
  if (a.ops.size() != b.ops.size()) return std::to_string(a.ops.size()) + " ops vs " + std::to_string(b.ops.size());
  for (size_t i = 0; i < a.ops.size(); ++i) {
    std::string d = opDifference(a.ops[i], b.ops[i]);
    if (!d.empty()) return d;
  }
  auto ib = b.tensors.begin();
  for (auto ia = a.tensors.begin(); ia != a.tensors.end(); ++ia, ++ib) {
    if (ib == b.tensors.end() || ia->first != ib->first) return "tensor '" + ia->first + "' is not in both";
    std::string d = tensorDifference(ia->first, ia->second, ib->second);
    if (!d.empty()) return d;
  }
  if (ib != b.tensors.end()) return "tensor '" + ib->first + "' is not in both";
  return "";
}

bool operator==(const Tensor& a, const Tensor& b) { return a.shape == b.shape && a.data == b.data; }

bool operator==(const GraphInput& a, const GraphInput& b) {
  return a.id == b.id && a.shape == b.shape && a.bits == b.bits && a.is_signed == b.is_signed && a.comment == b.comment;
}

bool operator==(const Op& a, const Op& b) { return opDifference(a, b).empty(); }

bool operator==(const Trace& a, const Trace& b) { return describeDifference(a, b).empty(); }

}  // namespace autorac::trace
