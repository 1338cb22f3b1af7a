// Fuzz target: the trace reader and validator (traces/TraceReader, TraceValidator, OpSchema, JsonText).
// Input: a trace document. Its "tensors" sidecar is looked up in a directory that does not exist, so
// the sidecar is never read here (tensor_sidecar_fuzz covers it). A trace that reads must also write
// and read back equal (the writer's promise, traces/TraceWriter.h).
#include "fuzz/FuzzInput.h"
#include "traces/JsonText.h"
#include "traces/TraceReader.h"
#include "traces/TraceWriter.h"

using namespace autorac;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  trace::Trace t;
  try {
    t = trace::parseTrace(trace::parseJsonText(fuzz::text(data, size), "fuzz.json"), "fuzz.json", "/nonexistent-dir");
  } catch (const InputError&) {
    return 0;
  }
  t.tensors_file.clear();  // the round trip below is about the trace document itself
  trace::Trace back;
  try {
    back = trace::parseTrace(trace::toJson(t), "round-trip", "/nonexistent-dir");
  } catch (const InputError& e) {
    fuzz::finding(std::string("a trace that read does not read back after writing: ") + e.what());
  }
  if (std::string d = trace::describeDifference(t, back); !d.empty()) fuzz::finding("round trip differs: " + d);
  return 0;
}
