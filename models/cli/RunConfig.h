#pragma once
// What a saved network needs to be rebuilt: the data schema, the hash-table size and either the
// search space (a supernet) or the architecture (a stand-alone network). Written beside every saved
// model as "<file>.config.json", read back by eval/export, so shapes always match.
#include <string>

#include <nlohmann/json.hpp>

#include "models/data/Example.h"
#include "models/nn/Supernet.h"
#include "models/space/Arch.h"
#include "models/space/SearchSpace.h"

namespace autorac::models {

// "full" (MODELS.md), "small" (7 blocks, widths 16..256, tokens 16/32) or "tiny" (tests).

struct RunConfig {
  std::string kind = "supernet";  // or "arch"
  std::string space = "full";
  Arch arch;                      // kind == "arch"
  std::string data_format;        // criteo, avazu, kdd2012, synthetic
  int64_t table_size = 1 << 17;

  NetShape shape() const;
  Supernet build() const;
  void save(const std::string& model_file) const;  // writes model_file + ".config.json"
  static RunConfig load(const std::string& model_file);
};

CtrSchema schemaForFormat(const std::string& format);

}  // namespace autorac::models
