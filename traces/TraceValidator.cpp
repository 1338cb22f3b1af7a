#include "traces/TraceValidator.h"

#include <unordered_map>

#include "traces/InputError.h"
#include "traces/OpSchema.h"

namespace autorac::trace {

namespace {

std::string opField(const Op& op, const std::string& field) { return "op '" + op.id + "', field '" + field + "'"; }

// Value range of an n-bit integer: signed two's complement or unsigned.
struct Range {
  int64_t lo, hi;
  bool contains(const Range& r) const { return lo <= r.lo && r.hi <= hi; }
};
Range rangeOf(int bits, bool is_signed) {
  if (is_signed) return {-(int64_t{1} << (bits - 1)), (int64_t{1} << (bits - 1)) - 1};
  return {0, (int64_t{1} << bits) - 1};
}

// Where each id is defined: index into inputs (graph input) or ops.
struct Definition {
  bool is_input;
  size_t index;
};

void checkIds(const Trace& t, std::unordered_map<std::string, Definition>& defs) {
  for (size_t i = 0; i < t.inputs.size(); ++i)
    if (!defs.emplace(t.inputs[i].id, Definition{true, i}).second)
      throw InputError(t.source, "graph input '" + t.inputs[i].id + "', field 'id'", "duplicate id");
  for (size_t i = 0; i < t.ops.size(); ++i) {
    auto [it, fresh] = defs.emplace(t.ops[i].id, Definition{false, i});
    if (!fresh)
      throw InputError(t.source, opField(t.ops[i], "id"),
                       "duplicate id (already used by " +
                           (it->second.is_input ? std::string("a graph input")
                                                : "op #" + std::to_string(it->second.index)) + ")");
  }
}

void checkEdges(const Trace& t, size_t i, const std::unordered_map<std::string, Definition>& defs) {
  const Op& op = t.ops[i];
  for (const auto& in : op.inputs) {
    auto it = defs.find(in);
    if (it == defs.end())
      throw InputError(t.source, opField(op, "inputs"),
                       "input '" + in + "' is neither an earlier op nor a graph input declared in \"inputs\"");
    if (it->second.is_input) continue;
    if (it->second.index == i) throw InputError(t.source, opField(op, "inputs"), "the op lists itself as an input");
    if (it->second.index > i)
      throw InputError(t.source, opField(op, "inputs"),
                       "input '" + in + "' is defined later (op #" + std::to_string(it->second.index) +
                           "); ops must be listed in topological order, producers first");
    if (op.type == OpType::Embedding)
      throw InputError(t.source, opField(op, "inputs"),
                       "an embedding reads sparse ids from a graph input, but '" + in + "' is an op");
  }
}

void checkWidths(const Trace& t, const Op& op) {
  const OpSchema& s = opSchema(op.type);
  if (op.type == OpType::Concat) {
    int64_t total = 0;
    std::string terms;
    for (const auto& in : op.inputs) {
      total += t.widthOf(in);
      terms += (terms.empty() ? "" : " + ") + std::to_string(t.widthOf(in)) + " ('" + in + "')";
    }
    if (total != op.out_features)
      throw InputError(t.source, opField(op, "out_features"),
                       "is " + std::to_string(op.out_features) + " but its inputs give " + terms + " = " +
                           std::to_string(total) + " values per sample");
    return;
  }
  for (const auto& in : op.inputs) {
    int64_t w = t.widthOf(in);
    if (w == op.in_features) continue;
    std::string formula = s.input_width_formula;
    std::string reads = formula == s.input_width_field ? std::to_string(op.in_features)
                                                       : formula + " = " + std::to_string(op.in_features);
    throw InputError(t.source, opField(op, s.input_width_field),
                     "the op reads " + reads + " values per sample but input '" + in + "' produces " + std::to_string(w));
  }
}

// A graph input feeds a crossbar or vector unit directly, so its values must fit the op's act_bits.
void checkInputRanges(const Trace& t, const Op& op) {
  if (op.type == OpType::Embedding) return;  // ids index a table; checked against num_embeddings with data
  for (const auto& in : op.inputs) {
    const GraphInput* g = t.findInput(in);
    if (!g || rangeOf(op.act_bits, op.act_signed).contains(rangeOf(g->bits, g->is_signed))) continue;
    throw InputError(t.source, opField(op, "act_bits"),
                     std::to_string(op.act_bits) + "-bit " + (op.act_signed ? "signed" : "unsigned") +
                         " activations cannot hold graph input '" + in + "' (" + std::to_string(g->bits) +
                         "-bit " + (g->is_signed ? "signed" : "unsigned") + ")");
  }
}

}  // namespace

void validateGraph(const Trace& t) {
  std::unordered_map<std::string, Definition> defs;
  checkIds(t, defs);
  for (size_t i = 0; i < t.ops.size(); ++i) {
    checkEdges(t, i, defs);
    checkWidths(t, t.ops[i]);
    checkInputRanges(t, t.ops[i]);
  }
}

}  // namespace autorac::trace
