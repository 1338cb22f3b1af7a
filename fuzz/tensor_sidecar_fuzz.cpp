// Fuzz target: the tensor sidecar (traces/TensorSidecar): parsing, then the checks against a trace.
// Input: a sidecar document. It is validated against each example trace that uses tensors of many
// kinds (fc weights/bias/input/output, embedding ids, efc, attention, graph inputs).
#include <vector>

#include "fuzz/FuzzInput.h"
#include "traces/JsonText.h"
#include "traces/TensorSidecar.h"
#include "traces/TraceReader.h"

using namespace autorac;

namespace {

const std::vector<trace::Trace>& traces() {
  static const std::vector<trace::Trace> all = [] {
    std::vector<trace::Trace> v;
    for (const char* name : {"fc_small_tensors.json", "all_ops.json"}) {
      trace::Trace t = trace::readTrace(std::string(AUTORAC_SOURCE_DIR) + "/traces/examples/" + name);
      t.tensors.clear();
      v.push_back(std::move(t));
    }
    return v;
  }();
  return all;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::map<std::string, trace::Tensor> tensors;
  try {
    tensors = trace::parseTensorSidecar(trace::parseJsonText(fuzz::text(data, size), "fuzz.tensors.json"), "fuzz.tensors.json");
  } catch (const InputError&) {
    return 0;
  }
  for (trace::Trace t : traces()) {
    t.tensors = tensors;
    try {
      trace::validateTensors(t, "fuzz.tensors.json");
    } catch (const InputError&) {
    }
  }
  return 0;
}
