#pragma once
// Strict JSON text input shared by the trace and sidecar readers: syntax errors report line and column,
// and a key given twice in one object is an error (nlohmann would silently keep one of them, so a
// hand-edited "in_features" written twice would go unnoticed).
#include <string>

#include <nlohmann/json.hpp>

namespace autorac::trace {

// Throws autorac::InputError(file, "line L, column C", ...) or (file, "<path.to[3].object>", ...), or
// (file, "", ...) for a number out of a double's range.
nlohmann::json parseJsonText(const std::string& text, const std::string& file);

// The whole file; throws autorac::InputError when it cannot be read.
std::string readTextFile(const std::string& path);

}  // namespace autorac::trace
