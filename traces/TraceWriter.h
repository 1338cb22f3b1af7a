#pragma once
// Writing trace format v1. The writer only writes what the reader would accept and read back equal:
// it validates its own output first, so models/ cannot export a trace sim/ would reject.
#include <string>

#include <nlohmann/json.hpp>

#include "traces/InputError.h"
#include "traces/Trace.h"

namespace autorac::trace {

// The trace document. "tensors" names t.tensors_file when both it and t.tensors are non-empty; the
// tensor data itself goes to the sidecar (tensorSidecarToJson in TensorSidecar.h).
nlohmann::json toJson(const Trace& t);

// Writes the trace to path and, when t.tensors is non-empty, the sidecar beside it (named
// t.tensors_file, or "<stem>.tensors.json" when that is empty). Both are written atomically (temporary
// file, then rename), the sidecar first, so a crash leaves either the old files or the new ones and a
// trace never names a partial sidecar. Throws autorac::InputError for an invalid or inconsistent trace
// (before touching any file) or when a file cannot be written.
void writeTrace(const Trace& t, const std::string& path);

}  // namespace autorac::trace
