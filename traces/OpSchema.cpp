#include "traces/OpSchema.h"

#include <algorithm>

#include "traces/InputError.h"
#include "traces/JsonFields.h"

namespace autorac::trace {

using nlohmann::json;

namespace {

constexpr FieldKind kSize = FieldKind::Size;
constexpr FieldKind kBits = FieldKind::Bits;
constexpr FieldKind kBool = FieldKind::Bool;
constexpr bool kReq = true;
constexpr bool kOpt = false;

// The quantisation fields every activation-consuming op carries.
const FieldSpec kActBits{"act_bits", kBits, kReq, Binding::ActBits};
const FieldSpec kActSigned{"act_signed", kBool, kOpt, Binding::ActSigned};
const FieldSpec kWeightBits{"weight_bits", kBits, kReq, Binding::WeightBits};

OpSchema elementwise(OpType t, int min_inputs, int max_inputs) {
  return {t, min_inputs, max_inputs, "features", "features",
          {{"features", kSize, kReq, Binding::Features}, kActBits, kActSigned}};
}

std::vector<OpSchema> buildSchemas() {
  std::vector<OpSchema> s = {
      {OpType::Embedding, 1, 1, "tokens", "tokens",
       {{"num_embeddings", kSize, kReq, Binding::None}, {"embedding_dim", kSize, kReq, Binding::None},
        {"tokens", kSize, kReq, Binding::None}, kWeightBits}},
      {OpType::Fc, 1, 1, "in_features", "in_features",
       {{"in_features", kSize, kReq, Binding::InFeatures}, {"out_features", kSize, kReq, Binding::OutFeatures},
        kWeightBits, kActBits, kActSigned, {"activation", FieldKind::ActivationName, kOpt, Binding::Activation},
        {"bias", kBool, kOpt, Binding::Bias}}},
      {OpType::Efc, 1, 1, "in_tokens", "in_tokens x dim",
       {{"in_tokens", kSize, kReq, Binding::None}, {"out_tokens", kSize, kReq, Binding::None},
        {"dim", kSize, kReq, Binding::None}, kWeightBits, kActBits, kActSigned}},
      {OpType::Dot, 1, 1, "tokens", "tokens x dim",
       {{"tokens", kSize, kReq, Binding::None}, {"dim", kSize, kReq, Binding::None}, kActBits, kActSigned}},
      elementwise(OpType::Gating, 2, 2),
      elementwise(OpType::Sum, 2, -1),
      {OpType::Attention, 1, 1, "tokens", "tokens x dim",
       {{"tokens", kSize, kReq, Binding::None}, {"dim", kSize, kReq, Binding::None},
        {"heads", kSize, kReq, Binding::None}, kWeightBits, kActBits, kActSigned}},
      {OpType::Fm, 1, 1, "tokens", "tokens x dim",
       {{"tokens", kSize, kReq, Binding::None}, {"dim", kSize, kReq, Binding::None}, kActBits, kActSigned}},
      elementwise(OpType::LayerNorm, 1, 1),
      {OpType::Concat, 1, -1, "out_features", "out_features",
       {{"out_features", kSize, kReq, Binding::OutFeatures}, kActBits, kActSigned}},
      elementwise(OpType::Add, 2, 2),
      elementwise(OpType::Mul, 2, 2),
      elementwise(OpType::Relu, 1, 1),
      elementwise(OpType::Sigmoid, 1, 1),
      elementwise(OpType::Softmax, 1, 1),
  };
  for (OpSchema& o : s) {
    // A table's entries and a sample's gathered values; every pair of tokens' dot products; the
    // scores of every pair of tokens and the projections' weights and work.
    if (o.type == OpType::Embedding) o.counted = {{"num_embeddings", "embedding_dim"}, {"tokens", "embedding_dim"}};
    if (o.type == OpType::Dot) o.counted = {{"tokens", "tokens", "dim"}};
    if (o.type == OpType::Attention) o.counted = {{"tokens", "tokens", "dim"}, {"tokens", "dim", "dim"}};
  }
  return s;
}

void bindInt(Op& op, Binding b, int64_t v) {
  switch (b) {
    case Binding::InFeatures: op.in_features = v; break;
    case Binding::OutFeatures: op.out_features = v; break;
    case Binding::Features: op.in_features = op.out_features = v; break;
    case Binding::WeightBits: op.weight_bits = static_cast<int>(v); break;
    case Binding::ActBits: op.act_bits = static_cast<int>(v); break;
    default: break;
  }
}

// Per-sample widths of the types whose fields do not state them directly (see docs/trace-format.md).
void deriveWidths(Op& op, const FieldReader& r) {
  auto get = [&](const char* k) { return op.attributes[k].get<int64_t>(); };
  auto mul = [&](int64_t a, int64_t b, const char* field) {
    int64_t out = 0;
    if (!checkedMul(a, b, out)) r.fail(field, "too large: the op's width overflows int64");
    return out;
  };
  switch (op.type) {
    case OpType::Embedding:
      op.in_features = get("tokens");
      op.out_features = mul(get("tokens"), get("embedding_dim"), "embedding_dim");
      break;
    case OpType::Efc:
      op.in_features = mul(get("in_tokens"), get("dim"), "dim");
      op.out_features = mul(get("out_tokens"), get("dim"), "dim");
      break;
    case OpType::Dot:
      if (get("tokens") < 2) r.fail("tokens", "must be at least 2 (1 token has no pairs to dot)");
      op.in_features = mul(get("tokens"), get("dim"), "dim");
      op.out_features = mul(get("tokens"), get("tokens") - 1, "tokens") / 2;
      break;
    case OpType::Attention:
      if (get("dim") % get("heads") != 0)
        r.fail("heads", "dim " + std::to_string(get("dim")) + " is not divisible by heads " +
                            std::to_string(get("heads")));
      op.in_features = op.out_features = mul(get("tokens"), get("dim"), "dim");
      break;
    case OpType::Fm:
      op.in_features = mul(get("tokens"), get("dim"), "dim");
      op.out_features = get("dim");
      break;
    case OpType::Concat: op.in_features = op.out_features; break;
    default: break;  // fc and elementwise types state their widths
  }
}

void readInputs(Op& op, const OpSchema& s, const FieldReader& r) {
  const json& v = r.require("inputs");
  if (!v.is_array()) r.fail("inputs", "must be an array of op or graph-input ids, got " + describeJson(v));
  for (const auto& e : v) {
    if (!e.is_string() || e.get<std::string>().empty())
      r.fail("inputs", "every input must be a non-empty id string, got " + describeJson(e));
    op.inputs.push_back(e.get<std::string>());
  }
  int n = static_cast<int>(op.inputs.size());
  if (n < s.min_inputs || (s.max_inputs >= 0 && n > s.max_inputs)) {
    std::string want = s.min_inputs == s.max_inputs ? "exactly " + std::to_string(s.min_inputs)
                                                    : "at least " + std::to_string(s.min_inputs);
    r.fail("inputs", std::string("a '") + opTypeName(op.type) + "' op takes " + want + " input(s), got " +
                         std::to_string(n));
  }
}

}  // namespace

const OpSchema& opSchema(OpType t) {
  static const std::vector<OpSchema> schemas = buildSchemas();
  for (const auto& s : schemas)
    if (s.type == t) return s;
  throw std::logic_error("opSchema: op type without a schema");
}

bool isMirroredKey(OpType t, const std::string& key) {
  if (key == "id" || key == "type" || key == "inputs") return true;
  for (const auto& f : opSchema(t).fields)
    if (key == f.name) return f.binding != Binding::None;
  return false;
}

// Each product of an op's sizes that pimsim counts (OpSchema::counted) stays below kMaxCountedProduct.
void checkSizeProducts(const OpSchema& s, const FieldReader& r) {
  std::vector<std::vector<const char*>> products = s.counted;
  if (products.empty()) {
    products.emplace_back();
    for (const auto& f : s.fields)
      if (f.kind == FieldKind::Size) products.back().push_back(f.name);
  }
  for (const auto& names : products) {
    int64_t product = 1;
    std::string shown;
    for (const char* name : names) {
      if (!r.has(name)) continue;
      shown += std::string(shown.empty() ? "" : " x ") + name;
      if (!checkedMul(product, r.size(name), product) || product >= kMaxCountedProduct)
        r.fail(name, shown + kCountedProductTooLarge);
    }
  }
}

Op parseOp(const json& obj, const std::string& file, size_t index) {
  std::string context = "op #" + std::to_string(index);
  if (!obj.is_object()) throw InputError(file, context, "must be a JSON object, got " + describeJson(obj));
  Op op;
  op.id = FieldReader(obj, file, context).string("id");
  FieldReader r(obj, file, "op '" + op.id + "'");  // from here on every message names the op

  std::string type = r.string("type");
  if (!opTypeFromName(type, op.type))
    r.fail("type", "unknown op type '" + type + "'; known types: " + knownOpTypeNames());
  const OpSchema& s = opSchema(op.type);

  std::vector<std::string> allowed = opCommonKeys();
  std::string required_list;
  for (const auto& f : s.fields) {
    allowed.push_back(f.name);
    if (f.required) required_list += std::string(required_list.empty() ? "" : ", ") + f.name;
  }
  r.rejectUnknown(allowed);
  for (const auto& f : s.fields)
    if (f.required && !r.has(f.name))
      r.fail(f.name, std::string("missing required field (a '") + type + "' op needs " + required_list + ")");
  readInputs(op, s, r);

  for (const auto& f : s.fields) {
    if (!r.has(f.name)) continue;  // optional: the Op's defaults are the format's defaults
    switch (f.kind) {
      case FieldKind::Size: bindInt(op, f.binding, r.size(f.name)); break;
      case FieldKind::Bits: bindInt(op, f.binding, r.bits(f.name)); break;
      case FieldKind::Bool: {
        bool v = r.boolean(f.name, false);
        if (f.binding == Binding::ActSigned) op.act_signed = v;
        if (f.binding == Binding::Bias) op.bias = v;
        break;
      }
      case FieldKind::ActivationName: {
        const json& v = r.require(f.name);
        if (!v.is_string() || !activationFromName(v.get<std::string>(), op.activation))
          r.fail(f.name, "unknown activation " + describeJson(v) + "; known: none, relu, sigmoid");
        break;
      }
    }
  }
  checkSizeProducts(s, r);
  if (r.has("meta") && !obj["meta"].is_object())
    r.fail("meta", "must be a JSON object (free-form passthrough), got " + describeJson(obj["meta"]));
  op.attributes = obj;
  deriveWidths(op, r);
  return op;
}

json opToJson(const Op& op) {
  json o = op.attributes.is_object() ? op.attributes : json::object();
  o["id"] = op.id;
  o["type"] = opTypeName(op.type);
  o["inputs"] = op.inputs;
  for (const auto& f : opSchema(op.type).fields) {
    json v, fallback;
    switch (f.binding) {
      case Binding::None: continue;  // lives in attributes only
      case Binding::InFeatures: v = op.in_features; break;
      case Binding::OutFeatures:
      case Binding::Features: v = op.out_features; break;
      case Binding::WeightBits: v = op.weight_bits; break;
      case Binding::ActBits: v = op.act_bits; break;
      case Binding::ActSigned: v = op.act_signed; fallback = true; break;
      case Binding::Activation: v = activationName(op.activation); fallback = "none"; break;
      case Binding::Bias: v = op.bias; fallback = false; break;
    }
    // Keep defaults implicit unless the source spelled them out, so a hand-written file round-trips.
    if (!f.required && v == fallback && !op.attributes.contains(f.name))
      o.erase(f.name);
    else
      o[f.name] = v;
  }
  return o;
}

Op makeOp(const std::string& id, OpType type, const std::vector<std::string>& inputs, const json& fields) {
  if (!fields.is_null() && !fields.is_object())
    throw InputError("", "op '" + id + "'", "makeOp: fields must be a JSON object, got " + describeJson(fields));
  json obj = fields.is_object() ? fields : json::object();
  obj["id"] = id;
  obj["type"] = opTypeName(type);
  obj["inputs"] = inputs;
  return parseOp(obj, "", 0);
}

}  // namespace autorac::trace
