#include "models/cli/RunConfig.h"

#include <fstream>

#include <torch/torch.h>

#include "models/data/CtrSource.h"
#include "traces/InputError.h"
#include "traces/StagedFile.h"

namespace autorac::models {


CtrSchema schemaForFormat(const std::string& format) {
  return CtrSource(format == "synthetic" ? "synthetic" : format + ":x", {}).schema();
}

NetShape RunConfig::shape() const {
  const CtrSchema schema = schemaForFormat(data_format);
  if (kind == "arch") return NetShape::forArch(arch, schema, table_size);
  return NetShape::forSpace(spaceByName(space), schema, table_size);
}

Supernet RunConfig::build() const { return Supernet(shape()); }

void RunConfig::save(const std::string& model_file) const {
  nlohmann::json j = {{"kind", kind}, {"space", space}, {"data_format", data_format},
                      {"table_size", table_size}};
  if (kind == "arch") j["arch"] = arch.toJson();
  trace::StagedFile(model_file + ".config.json", j.dump(2) + "\n").commit();
}

RunConfig RunConfig::load(const std::string& model_file) {
  const std::string path = model_file + ".config.json";
  std::ifstream in(path);
  if (!in) throw InputError(path, "", "cannot open (every saved model has one beside it)");
  RunConfig c;
  try {
    auto j = nlohmann::json::parse(in);
    c.kind = j.at("kind");
    c.space = j.at("space");
    c.data_format = j.at("data_format");
    c.table_size = j.at("table_size");
    if (c.kind == "arch") c.arch = Arch::fromJson(j.at("arch"), path);
  } catch (const nlohmann::json::exception& e) {
    throw InputError(path, "", e.what());
  }
  return c;
}

}  // namespace autorac::models
