#pragma once
// Trace format v1: the in-memory form of a model's operator graph, the interface between models/
// (which writes traces) and sim/ (which maps and simulates them). The JSON form is documented field by
// field in docs/trace-format.md; TraceReader parses and validates, TraceWriter writes.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace autorac::trace {

inline constexpr const char* kFormatName = "autorac-trace";
inline constexpr int kFormatVersion = 1;

enum class OpType {
  Embedding, Fc, Efc, Dot, Gating, Sum, Attention, Fm, LayerNorm, Concat,
  Add, Mul, Relu, Sigmoid, Softmax
};

// "fc" <-> OpType::Fc, ...; opTypeFromName returns false for an unknown name.
const char* opTypeName(OpType t);
bool opTypeFromName(const std::string& name, OpType& out);
// Every op type, in declaration order, and their names joined by ", " (for "known types" messages).
const std::vector<OpType>& allOpTypes();
std::string knownOpTypeNames();

enum class Activation { None, Relu, Sigmoid };
// "none" | "relu" | "sigmoid"; activationFromName returns false for an unknown name.
const char* activationName(Activation a);
bool activationFromName(const std::string& name, Activation& out);

// A dense integer tensor, row-major. Values are the quantised integers the chip computes with.
struct Tensor {
  std::vector<int64_t> shape;
  std::vector<int64_t> data;
  int64_t elements() const;
};

// A graph input (dense features, sparse ids, ...): ops name it in their "inputs" like an op id.
struct GraphInput {
  std::string id;
  std::vector<int64_t> shape;  // per sample, without the batch dimension
  int bits = 8;                // integer width of its values
  bool is_signed = true;
  nlohmann::json comment;      // free-form "comment" as written (null = none)
};

struct Op {
  std::string id;
  OpType type = OpType::Fc;
  std::vector<std::string> inputs;  // op ids or graph-input ids, in operand order

  // Sizes used by the op types (0 where a type does not use the field; see docs/trace-format.md).
  int64_t in_features = 0;   // fc: K
  int64_t out_features = 0;  // fc: N
  int weight_bits = 0;       // weighted ops: 1..16
  int act_bits = 0;          // every op: width of its input activations, 1..16
  bool act_signed = true;    // input activations are two's complement (false: unsigned, e.g. after ReLU)
  Activation activation = Activation::None;
  bool bias = false;

  // Every field of the op's JSON object as written, for type-specific fields (tokens, dim, heads...).
  // For the fields mirrored by the typed members above, the typed members are authoritative: the
  // writer writes them and operator== compares them, not the copies in here.
  nlohmann::json attributes;

  // attributes[key] as an integer (e.g. "tokens", "dim", "heads"); 0 when absent or not an integer.
  int64_t intAttribute(const std::string& key) const;
};

// Builds an op exactly as the reader would from {"id": id, "type": ..., "inputs": inputs, ...fields}:
// validates the fields against the type's schema and fills the typed members and attributes.
// The programmatic way for exporters to make ops that round-trip. Throws autorac::InputError.
Op makeOp(const std::string& id, OpType type, const std::vector<std::string>& inputs,
          const nlohmann::json& fields);

struct Trace {
  std::string name;
  int64_t batch = 1;
  std::vector<GraphInput> inputs;
  std::vector<Op> ops;  // topological order (validated)

  // Optional integer tensors, keyed "<op>.weight", "<op>.bias", "<op>.input", "<op>.output",
  // "<graph input id>" (a batch of input activations). Loaded from the sidecar file named by the
  // trace's "tensors" field, resolved relative to the trace file.
  std::string tensors_file;  // as written in the trace ("" = none)
  std::map<std::string, Tensor> tensors;

  std::string source;  // the file it was read from, for messages
  nlohmann::json comment;  // free-form top-level "comment" as written (null = none)

  const Op* findOp(const std::string& id) const;
  const GraphInput* findInput(const std::string& id) const;
  const Tensor* findTensor(const std::string& key) const;
  // Values per sample produced by an op (its out_features) or a graph input (product of its shape);
  // -1 for an unknown id.
  int64_t widthOf(const std::string& id) const;
};

// Content equality. Ignores where a trace is stored (source, tensors_file) and, for ops, the copies in
// `attributes` of the fields mirrored by typed members. describeDifference says what differs first
// ("" when equal), for test failures and the writer's self-check.
std::string describeDifference(const Trace& a, const Trace& b);
bool operator==(const Tensor& a, const Tensor& b);
bool operator==(const GraphInput& a, const GraphInput& b);
bool operator==(const Op& a, const Op& b);
bool operator==(const Trace& a, const Trace& b);
inline bool operator!=(const Tensor& a, const Tensor& b) { return !(a == b); }
inline bool operator!=(const GraphInput& a, const GraphInput& b) { return !(a == b); }
inline bool operator!=(const Op& a, const Op& b) { return !(a == b); }
inline bool operator!=(const Trace& a, const Trace& b) { return !(a == b); }

}  // namespace autorac::trace
