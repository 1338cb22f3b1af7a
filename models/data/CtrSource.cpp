#include "models/data/CtrSource.h"

#include "models/data/AvazuReader.h"
#include "models/data/CriteoReader.h"
#include "models/data/KddReader.h"
#include "models/data/SyntheticCtr.h"
#include "models/data/TextRow.h"
#include "traces/InputError.h"

namespace autorac::models {

CtrSource::CtrSource(const std::string& spec, ReaderOptions options)
    : spec_(spec), options_(std::move(options)) {
  const size_t colon = spec.find(':');
  format_ = spec.substr(0, colon);
  path_ = colon == std::string::npos ? "" : spec.substr(colon + 1);
  if (format_ == "synthetic") {
    std::vector<std::string_view> kv;
    splitRow(path_, ',', kv);
    for (auto item : kv) {
      if (item.empty()) continue;
      const size_t eq = item.find('=');
      const std::string key(item.substr(0, eq));
      const std::string value(eq == std::string_view::npos ? "" : item.substr(eq + 1));
      if ((key != "rows" && key != "seed") || !isNumber(value))
        throw InputError("--data", "'" + std::string(item) + "'",
                         "synthetic options are rows=<N> and seed=<S>");
      if (key == "rows") synthetic_rows_ = std::stoll(value);
      else synthetic_seed_ = std::stoull(value);
    }
  } else if (format_ == "criteo" || format_ == "avazu" || format_ == "kdd2012") {
    if (path_.empty()) throw InputError("--data", spec, "no file after '" + format_ + ":'");
  } else {
    throw InputError("--data", spec,
                     "unknown data format '" + format_ + "' (criteo, avazu, kdd2012, synthetic)");
  }
  // FieldHasher's constraint, said here in the user's terms: every field keeps its own index for a
  // missing value, and each needs room for at least one more.
  const int64_t need = 2LL * schema().numSparse() + 1;
  if (options_.table_size < need)
    throw InputError("--hash-size", std::to_string(options_.table_size),
                     "too small for the " + std::to_string(schema().numSparse()) + " categorical fields of " + format_ +
                         " data (at least " + std::to_string(need) + ")");
}

std::unique_ptr<CtrReader> CtrSource::open() const {
  const auto& o = options_;
  if (format_ == "criteo") return std::make_unique<CriteoReader>(path_, o.table_size, o.skip_bad_rows);
  if (format_ == "avazu") return std::make_unique<AvazuReader>(path_, o.table_size, o.skip_bad_rows);
  if (format_ == "kdd2012")
    return std::make_unique<KddReader>(path_, o.table_size, o.skip_bad_rows, o.kdd_user_table,
                                       o.kdd_weight_by_impressions);
  return std::make_unique<SyntheticCtr>(synthetic_rows_, synthetic_seed_, o.table_size);
}

CtrSchema CtrSource::schema() const {
  if (format_ == "criteo") return CriteoReader::makeSchema();
  if (format_ == "avazu") return AvazuReader::makeSchema();
  if (format_ == "kdd2012") return KddReader::makeSchema();
  CtrSchema s = CriteoReader::makeSchema();
  s.name = "synthetic";
  return s;
}

}  // namespace autorac::models
