#pragma once
// Every field of a design file, declared once with its type, unit, range and description (Ramulator's
// habit: parameters described where they are declared). The loader checks input against it, --set
// resolves keys with it, and `pimsim --list-fields` generates docs/design-fields.md from it.
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "hw/Design.h"

namespace autorac::sim {

struct FieldSpec {
  std::string path;         // dotted, e.g. "adc.bits"
  std::string type;         // "integer", "number", "enum" or "string"
  std::string unit;         // "bits", "cycles", "mW", ... or "" for pure counts
  double min = 0, max = 0;  // inclusive range for integer/number
  std::vector<std::string> choices;  // for enum
  std::string description;
  std::function<void(hw::Design&, const nlohmann::json&)> set;  // value already type- and range-checked
  std::function<nlohmann::json(const hw::Design&)> get;
};

const std::vector<FieldSpec>& designSchema();
const FieldSpec* findDesignField(const std::string& path);

}  // namespace autorac::sim
