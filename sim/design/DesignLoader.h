#pragma once
// Resolves a design: a named preset or a design file (which may start from a preset), then --set
// overrides, each value checked against sim/design/DesignSchema, then the checks that span fields. Every
// error is an InputError naming the file (or "--set") and the field.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "hw/Design.h"

namespace autorac::sim {

struct ResolvedDesign {
  hw::Design design;
  nlohmann::json fields;   // every field's final value, by dotted path
  nlohmann::json origins;  // where each field's value came from: "preset isaac", a file, "--set"
};

// `spec` is a preset name (see embeddedPresets) or a path to a design file; `overrides` are
// "key=value" strings with dotted keys.
ResolvedDesign loadDesign(const std::string& spec, const std::vector<std::string>& overrides = {});

// Markdown table of every design field with unit, range, the presets' values and description.
std::string designFieldsMarkdown();

}  // namespace autorac::sim
