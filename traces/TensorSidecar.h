#pragma once
// The tensor sidecar of a trace: {"format": "autorac-tensors", "version": 1, "tensors": {key: {"shape",
// "data"}}}. Kept apart from the trace document so a trace stays small enough to read by hand.
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "traces/Trace.h"

namespace autorac::trace {

inline constexpr const char* kTensorFormatName = "autorac-tensors";
inline constexpr int kTensorFormatVersion = 1;

// Reads the sidecar document: format, version, and per tensor a shape and integer data of matching
// length. Does not look at the trace (validateTensors does). Throws autorac::InputError.
std::map<std::string, Tensor> parseTensorSidecar(const nlohmann::json& doc, const std::string& file);

nlohmann::json tensorSidecarToJson(const std::map<std::string, Tensor>& tensors);

// Checks every tensor of t against the op or graph input its key names: the key resolves, the shape
// is the one the op implies, and weights/inputs fit their declared bit widths. file names the sidecar.
void validateTensors(const Trace& t, const std::string& file);

}  // namespace autorac::trace
