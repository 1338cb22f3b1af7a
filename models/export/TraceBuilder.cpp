#include "models/export/TraceBuilder.h"

#include <algorithm>

namespace autorac::models {

using trace::Activation;
using trace::Op;
using trace::OpType;

namespace {
constexpr int kStructBits = 16;  // act_bits of unweighted ops (concat, add, mul, dot, fm)
constexpr int64_t kDim = Arch::kEmbeddingDim;
}  // namespace

TraceBuilder::TraceBuilder(const Arch& arch, const CtrSchema& schema, int64_t table_size, int64_t batch) {
  trace_.name = arch.name;
  trace_.batch = batch;
  const int64_t nd = std::max(1, schema.numDense()), ns = schema.numSparse();
  trace::GraphInput dense_in, ids_in;
  dense_in.id = "dense";
  dense_in.shape = {nd};
  dense_in.bits = kStructBits;
  ids_in.id = "sparse_ids";
  ids_in.shape = {ns};
  ids_in.bits = 32;
  ids_in.is_signed = false;
  trace_.inputs.push_back(dense_in);
  trace_.inputs.push_back(ids_in);
  Op emb;
  emb.id = "embedding";
  emb.type = OpType::Embedding;
  emb.inputs = {"sparse_ids"};
  emb.weight_bits = 16;
  emb.attributes = {{"num_embeddings", table_size}, {"embedding_dim", kDim}, {"tokens", ns}};
  dense_.push_back({"dense", nd});
  sparse_.push_back(add(emb));
  tokens_.push_back(ns);
  for (size_t i = 0; i < arch.blocks.size(); ++i) block(static_cast<int>(i) + 1, arch.blocks[i]);
  Value head_in = concat("head.in", {dense_.back(), sparse_.back()});
  fc("head", head_in, 1, arch.head_precision, Activation::None);
  // The dense features enter every op that reads them directly at that op's precision.
  int bits = kStructBits;
  for (const auto& op : trace_.ops)
    if (std::find(op.inputs.begin(), op.inputs.end(), "dense") != op.inputs.end()) bits = std::min(bits, op.act_bits);
  trace_.inputs[0].bits = bits;
}

TraceBuilder::Value TraceBuilder::add(Op op) {
  if (op.act_bits == 0 && op.type != OpType::Embedding) op.act_bits = kStructBits;
  nlohmann::json& a = op.attributes;
  if (!a.is_object()) a = nlohmann::json::object();
  a["id"] = op.id;
  a["type"] = trace::opTypeName(op.type);
  a["inputs"] = op.inputs;
  switch (op.type) {
    case OpType::Fc:
      a["in_features"] = op.in_features;
      a["out_features"] = op.out_features;
      a["weight_bits"] = op.weight_bits;
      a["act_bits"] = op.act_bits;
      a["bias"] = op.bias;
      a["activation"] = op.activation == Activation::Relu      ? "relu"
                        : op.activation == Activation::Sigmoid ? "sigmoid"
                                                               : "none";
      break;
    case OpType::Embedding: a["weight_bits"] = op.weight_bits; break;
    case OpType::Concat: a["out_features"] = op.out_features; a["act_bits"] = op.act_bits; break;
    case OpType::Efc:
    case OpType::Attention:
      a["weight_bits"] = op.weight_bits;
      a["act_bits"] = op.act_bits;
      break;
    case OpType::Dot:
    case OpType::Fm: a["act_bits"] = op.act_bits; break;
    default:  // elementwise
      a["features"] = op.out_features;
      a["act_bits"] = op.act_bits;
      break;
  }
  // Widths the op produces (the reader derives the same; see traces/OpSchema.cpp).
  int64_t in = op.in_features, out = op.out_features;
  auto get = [&a](const char* k) { return a.at(k).get<int64_t>(); };
  switch (op.type) {
    case OpType::Embedding: in = get("tokens"), out = get("tokens") * get("embedding_dim"); break;
    case OpType::Efc: in = get("in_tokens") * get("dim"), out = get("out_tokens") * get("dim"); break;
    case OpType::Dot: in = get("tokens") * get("dim"), out = get("tokens") * (get("tokens") - 1) / 2; break;
    case OpType::Attention: in = out = get("tokens") * get("dim"); break;
    case OpType::Fm: in = get("tokens") * get("dim"), out = get("dim"); break;
    case OpType::Concat: in = out; break;
    default: break;
  }
  op.in_features = in;
  op.out_features = out;
  trace_.ops.push_back(op);
  return {op.id, out};
}

TraceBuilder::Value TraceBuilder::concat(const std::string& id, const std::vector<Value>& in) {
  if (in.size() == 1) return in[0];
  Op op;
  op.id = id;
  op.type = OpType::Concat;
  for (const auto& v : in) {
    op.inputs.push_back(v.id);
    op.out_features += v.width;
  }
  return add(op);
}

trace::Op TraceBuilder::fcOp(const std::string& id, const Value& in, int64_t out, Precision p, Activation act,
                             bool bias) {
  Op op;
  op.id = id;
  op.type = OpType::Fc;
  op.inputs = {in.id};
  op.in_features = in.width;
  op.out_features = out;
  op.weight_bits = p.weight_bits;
  op.act_bits = p.act_bits;
  op.activation = act;
  op.bias = bias;
  return op;
}

TraceBuilder::Value TraceBuilder::fc(const std::string& id, const Value& in, int64_t out, Precision p,
                                     Activation act, bool bias) {
  return add(fcOp(id, in, out, p, act, bias));
}

TraceBuilder::Value TraceBuilder::select(const std::string& id, const Value& in, int64_t out) {
  if (in.width == out) return in;
  Precision p;
  p.weight_bits = 2;
  p.act_bits = kStructBits;
  Op op = fcOp(id, in, out, p, Activation::None, false);
  op.attributes = {{"meta", {{"select", "constant 0/1 weights: zero-pad or cut to out_features"}}}};
  return add(op);
}

TraceBuilder::Value TraceBuilder::elementwise(OpType type, const std::string& id, const std::vector<Value>& in) {
  Op op;
  op.id = id;
  op.type = type;
  for (const auto& v : in) op.inputs.push_back(v.id);
  op.in_features = op.out_features = in.front().width;
  return add(op);
}

TraceBuilder::Value TraceBuilder::padSum(const std::string& id, const std::vector<Value>& in, int64_t width) {
  std::vector<Value> padded;
  for (size_t k = 0; k < in.size(); ++k) padded.push_back(select(id + ".pad" + std::to_string(k), in[k], width));
  if (padded.size() == 1) return padded[0];
  return elementwise(OpType::Sum, id, padded);
}

void TraceBuilder::block(int i, const BlockArch& b) {
  const std::string p = "b" + std::to_string(i);
  std::vector<Value> din, sin;
  int64_t tin = 0;
  for (int s : b.dense_inputs) din.push_back(dense_.at(s));
  for (int s : b.sparse_inputs) {
    sin.push_back(sparse_.at(s));
    tin += tokens_.at(s);
  }
  // Sparse op.
  Value s_in = concat(p + ".sparse_in", sin);
  Value s;
  {
    Op op;
    op.weight_bits = b.sparse_precision.weight_bits;
    op.act_bits = b.sparse_precision.act_bits;
    op.inputs = {s_in.id};
    if (b.sparse_op == SparseOp::Efc) {
      op.id = p + ".efc";
      op.type = OpType::Efc;
      op.attributes = {{"in_tokens", tin}, {"out_tokens", b.tokens}, {"dim", kDim}};
      s = add(op);
    } else {
      op.id = p + ".attn";
      op.type = OpType::Attention;
      op.attributes = {{"tokens", tin}, {"dim", kDim}, {"heads", 2},
                       {"meta", {{"residual_layernorm", true}, {"ffn", 32}, {"ffn_activation", "relu"}}}};
      s = add(op);
      if (tin != b.tokens) {
        Op sel;
        sel.id = p + ".attn.select";
        sel.type = OpType::Efc;
        sel.inputs = {s.id};
        sel.weight_bits = 2;
        sel.act_bits = kStructBits;
        sel.attributes = {{"in_tokens", tin}, {"out_tokens", b.tokens}, {"dim", kDim},
                          {"meta", {{"select", "constant 0/1: keep the first out_tokens tokens, zero-pad"}}}};
        s = add(sel);
      }
    }
  }
  // Dense op.
  const Precision& dp = b.dense_precision;
  const int64_t w = b.width;
  Value y;
  Value d_in = concat(p + ".dense_in", din);
  switch (b.dense_op) {
    case DenseOp::Fc: y = fc(p + ".fc", d_in, w, dp, Activation::Relu); break;
    case DenseOp::Dot: {
      Value d = fc(p + ".dot.proj_in", d_in, kDim, dp, Activation::None);
      Value z = concat(p + ".dot.tokens", {d, s});
      Op dot;
      dot.id = p + ".dot";
      dot.type = OpType::Dot;
      dot.inputs = {z.id};
      dot.attributes = {{"tokens", b.tokens + 1}, {"dim", kDim}};
      Value dots = add(dot);
      y = fc(p + ".dot.proj_out", concat(p + ".dot.features", {d, dots}), w, dp, Activation::Relu);
      break;
    }
    case DenseOp::Gating: {
      Value g = fc(p + ".gating.gate", d_in, w, dp, Activation::Sigmoid);
      Value r = padSum(p + ".gating.right", din, w);
      y = fc(p + ".gating.out", elementwise(OpType::Mul, p + ".gating.mul", {r, g}), w, dp, Activation::None);
      break;
    }
    case DenseOp::Sum: {
      int64_t widest = 0;
      for (const auto& v : din) widest = std::max(widest, v.width);
      y = fc(p + ".sum", padSum(p + ".sum.in", din, widest), w, dp, Activation::None);
      break;
    }
    case DenseOp::Cross: {
      Value x0 = select(p + ".cross.x0", din.front(), w), xl = select(p + ".cross.xl", din.back(), w);
      Value c = fc(p + ".cross", xl, w, dp, Activation::None);
      y = elementwise(OpType::Add, p + ".cross.add", {elementwise(OpType::Mul, p + ".cross.mul", {x0, c}), xl});
      break;
    }
  }
  if (b.fm) {
    Op fm;
    fm.id = p + ".fm";
    fm.type = OpType::Fm;
    fm.inputs = {s.id};
    fm.attributes = {{"tokens", b.tokens}, {"dim", kDim}};
    Value f = select(p + ".fm.pad", add(fm), w);
    y = elementwise(OpType::Add, p + ".fm.add", {y, f});
  }
  y = elementwise(OpType::LayerNorm, p + ".norm", {y});
  int64_t tokens = b.tokens;
  if (b.merge) {
    Value m = fc(p + ".merge", y, Arch::kMergeTokens * kDim, b.merge_precision, Activation::None);
    s = concat(p + ".sparse_out", {s, m});
    tokens += Arch::kMergeTokens;
  }
  dense_.push_back(y);
  sparse_.push_back(s);
  tokens_.push_back(tokens);
}

}  // namespace autorac::models
