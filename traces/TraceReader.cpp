#include "traces/TraceReader.h"

#include <filesystem>

#include "traces/JsonFields.h"
#include "traces/JsonText.h"
#include "traces/OpSchema.h"
#include "traces/TensorSidecar.h"
#include "traces/TraceValidator.h"

namespace autorac::trace {

using nlohmann::json;
namespace fs = std::filesystem;

namespace {

// Graph inputs may be up to 32 bits wide because sparse ids of large tables need it; any op other
// than an embedding that reads one is held to its own 1..16-bit act_bits by validateGraph.
constexpr int kMaxGraphInputBits = 32;

GraphInput parseGraphInput(const json& v, const std::string& file, size_t index) {
  std::string context = "graph input #" + std::to_string(index);
  if (!v.is_object()) throw InputError(file, context, "must be an object {\"id\", \"shape\", \"bits\"}, got " + describeJson(v));
  GraphInput g;
  g.id = FieldReader(v, file, context).string("id");
  FieldReader r(v, file, "graph input '" + g.id + "'");
  r.rejectUnknown({"id", "shape", "bits", "signed"});
  g.shape = r.shape("shape");
  g.bits = r.bits("bits", kMaxGraphInputBits);
  int64_t elements = 1;
  for (int64_t n : g.shape) elements *= n;  // r.shape checked the product against int64
  if (elements >= kMaxCountedProduct) r.fail("shape", std::string("the product of its dimensions") + kCountedProductTooLarge);
  g.is_signed = r.boolean("signed", true);
  if (v.contains("comment")) g.comment = v["comment"];
  return g;
}

// The fields that identify the document come first, so a future version's new fields are reported as
// a version problem, not as unknown fields.
void checkFormatAndVersion(const FieldReader& r, const json& doc) {
  const json& format = r.require("format");
  if (format != kFormatName)
    r.fail("format", "is " + describeJson(format) + ", expected \"" + kFormatName + "\" (is this a trace file?)");
  int64_t version = 0;
  if (!jsonToInt64(r.require("version"), version) || version != kFormatVersion)
    r.fail("version", "unsupported version " + doc["version"].dump() + " (this build reads version " +
                          std::to_string(kFormatVersion) + ")");
}

std::string parseTensorsField(const FieldReader& r) {
  std::string name = r.string("tensors");
  if (fs::path(name).is_absolute())
    r.fail("tensors", "must be a path relative to the trace file, got '" + name + "'");
  return name;
}

}  // namespace

Trace parseTrace(const json& doc, const std::string& source, const std::string& base_dir) {
  if (!doc.is_object()) throw InputError(source, "", "a trace must be a JSON object, got " + describeJson(doc));
  FieldReader r(doc, source, "");
  checkFormatAndVersion(r, doc);
  r.rejectUnknown({"format", "version", "name", "batch", "inputs", "ops", "tensors"});

  Trace t;
  t.source = source;
  t.name = r.string("name");
  t.batch = r.size("batch");
  if (doc.contains("comment")) t.comment = doc["comment"];

  const json& inputs = r.require("inputs");
  if (!inputs.is_array()) r.fail("inputs", "must be an array of graph inputs, got " + describeJson(inputs));
  for (size_t i = 0; i < inputs.size(); ++i) t.inputs.push_back(parseGraphInput(inputs[i], source, i));

  const json& ops = r.require("ops");
  if (!ops.is_array() || ops.empty()) r.fail("ops", "must be a non-empty array of ops, got " + describeJson(ops));
  for (size_t i = 0; i < ops.size(); ++i) t.ops.push_back(parseOp(ops[i], source, i));
  validateGraph(t);

  if (r.has("tensors")) {
    t.tensors_file = parseTensorsField(r);
    std::string sidecar = (fs::path(base_dir) / t.tensors_file).string();
    std::error_code ec;
    if (!fs::is_regular_file(sidecar, ec)) r.fail("tensors", "the tensor sidecar '" + sidecar + "' does not exist");
    t.tensors = parseTensorSidecar(parseJsonText(readTextFile(sidecar), sidecar), sidecar);
    validateTensors(t, sidecar);
  }
  return t;
}

Trace readTrace(const std::string& path) {
  json doc = parseJsonText(readTextFile(path), path);
  return parseTrace(doc, path, fs::path(path).parent_path().string());
}

}  // namespace autorac::trace
