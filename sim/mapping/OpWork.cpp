#include "sim/mapping/OpWork.h"

#include <algorithm>

#include "traces/InputError.h"

namespace autorac::sim {

using trace::OpType;

int64_t reductionOps(const hw::MvmGeometry& g, int64_t outputs, bool input_sum, int64_t vectors) {
  return vectors * (outputs * g.rowBlocks() + (input_sum ? g.in_features : 0));
}

namespace {

constexpr int kWidestBits = 16;  // the widest precision of the search space

// The width at which an op's output is stored: what its first consumer reads, or 32-bit accumulators
// for a model output.
int outputValueBits(const trace::Trace& t, size_t index) {
  for (size_t j = index + 1; j < t.ops.size(); ++j)
    for (const auto& in : t.ops[j].inputs)
      if (in == t.ops[index].id) return t.ops[j].type == OpType::Embedding ? 32 : t.ops[j].act_bits;
  return 32;
}

MvmWork staticMvm(const std::string& name, int64_t k, int64_t n, const trace::Op& op, int64_t vectors, Strategy s) {
  MvmWork m;
  m.name = name;
  m.in_features = k;
  m.out_features = n;
  m.weight_bits = op.weight_bits;
  m.stored_bits = s == Strategy::Naive ? kWidestBits : op.weight_bits;
  m.act_bits = op.act_bits;
  m.act_signed = op.act_signed;
  m.vectors = vectors;
  return m;
}

MvmWork dynamicMvm(const std::string& name, int64_t k, int64_t n, const trace::Op& op, int64_t vectors, int64_t matrices,
                   Strategy s) {
  MvmWork m;
  m.name = name;
  m.in_features = k;
  m.out_features = n;
  m.weight_bits = op.act_bits;  // the stored operand is an activation
  m.stored_bits = s == Strategy::Naive ? kWidestBits : op.act_bits;
  m.act_bits = op.act_bits;
  m.act_signed = op.act_signed;
  m.vectors = vectors;
  m.matrices = matrices;
  m.dynamic = true;
  return m;
}

}  // namespace

OpPlan describeOp(const trace::Trace& t, size_t index, const hw::Design& d, Strategy s) {
  const trace::Op& op = t.ops[index];
  OpPlan p;
  p.op_index = index;
  p.op_id = op.id;
  p.type = op.type;
  p.output_bits = op.out_features * outputValueBits(t, index);
  p.has_activation = op.activation != trace::Activation::None;
  for (const auto& in : op.inputs) {
    p.input_ids.push_back(in);
    const int64_t width = t.widthOf(in);
    int bits = op.act_bits;
    if (op.type == OpType::Embedding) {
      const trace::GraphInput* g = t.findInput(in);
      bits = g ? g->bits : 32;
    }
    p.input_bits.push_back(width * bits);
  }
  const auto attr = [&](const char* key) { return op.intAttribute(key); };
  switch (op.type) {
    case OpType::Fc:
      p.mvms.push_back(staticMvm("weights", op.in_features, op.out_features, op, 1, s));
      p.mvms.back().result_bits = outputValueBits(t, index);
      p.vector_ops = p.has_activation ? op.out_features : 0;
      break;
    case OpType::Efc:
      // Y[out_tokens, dim] = W · X[in_tokens, dim]: one MVM per embedding dimension.
      p.mvms.push_back(staticMvm("weights", attr("in_tokens"), attr("out_tokens"), op, attr("dim"), s));
      p.mvms.back().result_bits = outputValueBits(t, index);
      break;
    case OpType::Dot: {
      // Z·Zᵀ of the token matrix: Z stored as the operand (dim rows, one column group per token),
      // each token applied as an input vector; the strict lower triangle is kept.
      const int64_t tokens = attr("tokens"), dim = attr("dim");
      p.mvms.push_back(dynamicMvm("pairs", dim, tokens, op, tokens, 1, s));
      p.mvms.back().strict_lower_triangle = true;  // T(T−1)/2 pairs, not T²
      p.mvms.back().result_bits = outputValueBits(t, index);
      break;
    }
    case OpType::Attention: {
      const int64_t tokens = attr("tokens"), dim = attr("dim"), heads = attr("heads"), dh = dim / heads;
      p.mvms.push_back(staticMvm("qkv", dim, 3 * dim, op, tokens, s));
      p.mvms.push_back(dynamicMvm("scores", dh, tokens, op, tokens, heads, s));   // K_h stored, q_i applied
      p.mvms.push_back(dynamicMvm("context", tokens, dh, op, tokens, heads, s));  // V_h stored, a_i applied
      p.mvms.push_back(staticMvm("out", dim, dim, op, tokens, s));
      // softmax (exp, sum, divide) over every score; residual add; LayerNorm (mean, variance,
      // normalise, scale, shift).
      p.vector_ops = 3 * heads * tokens * tokens + tokens * dim + 5 * tokens * dim;
      break;
    }
    case OpType::Embedding: {
      const int64_t tokens = attr("tokens"), dim = attr("embedding_dim"), rows = attr("num_embeddings");
      p.gather_requests = tokens;
      p.gather_bits = tokens * dim * op.weight_bits;
      p.table_bytes = hw::ceilDiv(rows * dim * op.weight_bits, 8);
      break;
    }
    case OpType::Gating: p.vector_ops = 2 * attr("features"); break;  // sigmoid, product
    case OpType::Sum: p.vector_ops = attr("features") * int64_t(op.inputs.size() - 1); break;
    case OpType::Add:
    case OpType::Mul:
    case OpType::Relu:
    case OpType::Sigmoid: p.vector_ops = attr("features"); break;
    case OpType::Softmax: p.vector_ops = 3 * attr("features"); break;
    case OpType::LayerNorm: p.vector_ops = 5 * attr("features"); break;
    case OpType::Fm: p.vector_ops = 2 * attr("tokens") * attr("dim") + 2 * attr("dim"); break;  // Σv, Σv², (Σv)²−Σv²
    case OpType::Concat: p.vector_ops = 0; break;  // data movement only
  }
  (void)d;
  return p;
}

}  // namespace autorac::sim
