#pragma once
// The text layout of written traces and sidecars: one top-level field per line and one record (graph
// input, op, tensor) per line, keys in a reading order (id, type, inputs, sizes, bits...). Diffs of
// generated traces then show which op changed, and a person can still read them.
#include <string>

#include <nlohmann/json.hpp>

namespace autorac::trace {

// doc must be an object; arrays and objects directly under it are written one element per line.
std::string layoutRecords(const nlohmann::json& doc);

}  // namespace autorac::trace
