#include "traces/TraceWriter.h"

#include <filesystem>
#include <optional>

#include "traces/JsonLayout.h"
#include "traces/OpSchema.h"
#include "traces/StagedFile.h"
#include "traces/TensorSidecar.h"
#include "traces/TraceReader.h"

namespace autorac::trace {

using nlohmann::json;
namespace fs = std::filesystem;

json toJson(const Trace& t) {
  json doc = {{"format", kFormatName}, {"version", kFormatVersion}, {"name", t.name}, {"batch", t.batch}};
  if (!t.comment.is_null()) doc["comment"] = t.comment;
  doc["inputs"] = json::array();
  for (const auto& g : t.inputs) {
    json in = {{"id", g.id}, {"shape", g.shape}, {"bits", g.bits}, {"signed", g.is_signed}};
    if (!g.comment.is_null()) in["comment"] = g.comment;
    doc["inputs"].push_back(in);
  }
  doc["ops"] = json::array();
  for (const auto& op : t.ops) doc["ops"].push_back(opToJson(op));
  if (!t.tensors_file.empty() && !t.tensors.empty()) doc["tensors"] = t.tensors_file;
  return doc;
}

void writeTrace(const Trace& t, const std::string& path) {
  fs::path target(path);
  std::string sidecar_name;
  if (!t.tensors.empty()) sidecar_name = t.tensors_file.empty() ? target.stem().string() + ".tensors.json" : t.tensors_file;
  if (fs::path(sidecar_name).is_absolute())
    throw InputError(path, "field 'tensors'", "must be a path relative to the trace file, got '" + sidecar_name + "'");
  std::string sidecar_path = (target.parent_path() / sidecar_name).string();

  // Self-check: read the document back (without touching the disk) and compare with t.
  json doc = toJson(t);
  doc.erase("tensors");
  Trace back = parseTrace(doc, path, "");
  back.tensors = t.tensors;
  validateTensors(back, sidecar_path);
  std::string diff = describeDifference(t, back);
  if (!diff.empty()) throw InputError(path, "", "refusing to write a trace that would read back differently: " + diff);

  // Stage both files before committing either, so a failure to write the trace leaves no new sidecar.
  std::optional<StagedFile> sidecar;
  if (!sidecar_name.empty()) {
    doc["tensors"] = sidecar_name;
    sidecar.emplace(sidecar_path, layoutRecords(tensorSidecarToJson(t.tensors)));
  }
  StagedFile trace(path, layoutRecords(doc));
  if (sidecar) sidecar->commit();
  trace.commit();
}

}  // namespace autorac::trace
