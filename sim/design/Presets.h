#pragma once
// The named presets (configs/presets/<name>.json), compiled into the program.
#include <map>
#include <string>

namespace autorac::sim {

const std::map<std::string, std::string>& embeddedPresets();  // name -> JSON text

}  // namespace autorac::sim
