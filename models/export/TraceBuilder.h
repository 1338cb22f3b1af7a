#pragma once
// Builds the op graph of one architecture in trace form (no tensors). Kept apart from the exporter so
// the graph rules (one op per computation, concat for multi-source inputs, constant 0/1 "select" fc
// ops for zero-padding/cutting) live in one place.
#include <string>
#include <vector>

#include "models/data/Example.h"
#include "models/space/Arch.h"
#include "traces/Trace.h"

namespace autorac::models {

class TraceBuilder {
public:
  TraceBuilder(const Arch& arch, const CtrSchema& schema, int64_t table_size, int64_t batch);
  const trace::Trace& trace() const { return trace_; }
  trace::Trace& trace() { return trace_; }

private:
  struct Value {
    std::string id;
    int64_t width;
  };
  Value add(trace::Op op);
  Value concat(const std::string& id, const std::vector<Value>& in);
  static trace::Op fcOp(const std::string& id, const Value& in, int64_t out, Precision p, trace::Activation act,
                        bool bias);
  Value fc(const std::string& id, const Value& in, int64_t out, Precision p, trace::Activation act,
           bool bias = true);
  Value select(const std::string& id, const Value& in, int64_t out);  // constant 0/1 pad/cut
  Value padSum(const std::string& id, const std::vector<Value>& in, int64_t width);
  Value elementwise(trace::OpType type, const std::string& id, const std::vector<Value>& in);
  void block(int i, const BlockArch& b);

  trace::Trace trace_;
  std::vector<Value> dense_, sparse_;  // per source
  std::vector<int64_t> tokens_;
};

}  // namespace autorac::models
