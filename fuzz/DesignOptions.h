#pragma once
// The design half of a fuzz input, as pimsim's command line gives it: "--design <preset|file>" (last
// one wins) and any number of "--set key=value" lines (fuzz/FuzzInput.h splitOptionLines).
#include <string>
#include <vector>

#include "fuzz/FuzzInput.h"
#include "sim/design/DesignLoader.h"

namespace autorac::fuzz {

inline sim::ResolvedDesign loadDesignOptions(const OptionLines& in, std::string spec) {
  std::vector<std::string> sets;
  for (const auto& [name, value] : in.options) {
    if (name == "design") spec = value;
    if (name == "set") sets.push_back(value);
  }
  return sim::loadDesign(spec, sets);
}

}  // namespace autorac::fuzz
