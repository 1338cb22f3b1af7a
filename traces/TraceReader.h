#pragma once
// Reading trace format v1 (docs/trace-format.md): parse, validate, load the tensor sidecar.
// Everything a trace can get wrong is reported as autorac::InputError naming the file, the op and the
// field; a Trace returned from here is valid (sim/ need not re-check it).
#include <string>

#include <nlohmann/json.hpp>

#include "traces/InputError.h"
#include "traces/Trace.h"

namespace autorac::trace {

// Reads the trace file and, if it names one, its tensor sidecar (relative to the trace's directory).
Trace readTrace(const std::string& path);

// Validates an already-parsed trace document. source is the file name used in messages and stored in
// Trace::source; a "tensors" sidecar is read from base_dir.
Trace parseTrace(const nlohmann::json& doc, const std::string& source, const std::string& base_dir);

}  // namespace autorac::trace
