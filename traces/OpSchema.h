#pragma once
// What each op type looks like in a trace: its fields (name, kind, required, which typed Op member
// mirrors it) and how many inputs it takes. One table drives the reader, the writer, makeOp and
// operator==, so adding a field to an op type is a one-line change here plus docs/trace-format.md.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "traces/Trace.h"

namespace autorac::trace {

enum class FieldKind { Size, Bits, Bool, ActivationName };

// The typed Op member a field fills. Features fills both in_features and out_features (elementwise
// ops); fields with None stay only in attributes (tokens, dim, heads, ...).
enum class Binding { None, InFeatures, OutFeatures, Features, WeightBits, ActBits, ActSigned, Activation, Bias };

struct FieldSpec {
  const char* name;
  FieldKind kind;
  bool required;
  Binding binding;
};

struct OpSchema {
  OpType type;
  int min_inputs;
  int max_inputs;                // -1: no upper bound
  const char* input_width_field;    // the field blamed when an input's width does not match
  const char* input_width_formula;  // how the per-sample input width follows from the fields
  std::vector<FieldSpec> fields;
  // The products of size fields pimsim counts (a table's entries, weights, work per sample): each
  // must stay below 2^47 (OpSchema.cpp, checkSizeProducts). Empty: all the size fields together.
  std::vector<std::vector<const char*>> counted = {};
};

const OpSchema& opSchema(OpType t);

// Keys every op may carry besides its schema fields: "meta" is a free-form passthrough object (e.g.
// the exporter's layer name); "comment" is allowed everywhere.
inline const std::vector<std::string>& opCommonKeys() {
  static const std::vector<std::string> keys = {"id", "type", "inputs", "meta"};
  return keys;
}

// True for keys whose value a typed Op member mirrors (id, type, inputs and bound fields).
bool isMirroredKey(OpType t, const std::string& key);

// Reads one element of the "ops" array (index is its position, for messages before the id is known):
// checks the keys, the input count and every field, fills the typed members (in_features and
// out_features are the per-sample input and output widths, derived for types without such fields)
// and keeps the object in attributes. Edges are checked by validateGraph, not here.
Op parseOp(const nlohmann::json& obj, const std::string& file, size_t index);

// The op's JSON object: mirrored fields from the typed members, the others from attributes.
nlohmann::json opToJson(const Op& op);

}  // namespace autorac::trace
