#include "models/data/KddReader.h"

#include <cmath>
#include <fstream>
#include <map>

#include "models/data/TextRow.h"
#include "traces/InputError.h"

namespace autorac::models {

const std::vector<std::string>& KddReader::columns() {
  static const std::vector<std::string> cols = {
      "click", "impression", "displayurl", "adid", "advertiserid", "depth", "position", "queryid",
      "keywordid", "titleid", "descriptionid", "userid"};
  return cols;
}

CtrSchema KddReader::makeSchema() {
  CtrSchema s;
  s.name = "kdd2012";
  s.dense_names = {"depth", "position", "position_over_depth"};
  s.sparse_names = {"displayurl", "adid", "advertiserid", "queryid", "keywordid",
                    "titleid", "descriptionid", "userid", "gender", "age"};
  return s;
}

KddReader::KddReader(const std::string& path, int64_t table_size, bool skip_bad_rows,
                     const std::string& user_table, bool weight_by_impressions)
    : DelimitedFileReader(path, skip_bad_rows, table_size),
      expected_fields_(columns().size()),
      weight_by_impressions_(weight_by_impressions) {
  schema_ = makeSchema();
  initHasher();
  for (size_t i = 0; i < columns().size(); ++i) col_.push_back(i);
  if (!user_table.empty()) loadUsers(user_table);
  open();
}

void KddReader::loadUsers(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw InputError(path, "", "cannot open the user table");
  std::string line;
  std::vector<std::string_view> f;
  for (int64_t n = 1; std::getline(in, line); ++n) {
    if (line.empty() || line == "\r") continue;
    splitRow(line, '\t', f);
    if (f.size() != 3)
      throw InputError(path, "line " + std::to_string(n),
                       "expected 3 fields (userid, gender, age), found " + std::to_string(f.size()));
    users_[std::string(f[0])] = {std::string(f[1]), std::string(f[2])};
  }
}

bool KddReader::readHeader(const std::vector<std::string_view>& fields) {
  if (isNumber(fields[0]) || fields[0].empty()) return false;
  std::map<std::string, size_t> col;
  for (size_t i = 0; i < fields.size(); ++i) {
    std::string name = lowerCase(fields[i]);
    col[name == "description" ? "descriptionid" : name] = i;
  }
  std::vector<size_t> remap(columns().size());  // kept only if every column is found (CriteoReader)
  for (size_t i = 0; i < columns().size(); ++i) {
    auto it = col.find(columns()[i]);
    if (it == col.end()) throw RowError("header lacks the column '" + columns()[i] + "'");
    remap[i] = it->second;
  }
  col_ = std::move(remap);
  expected_fields_ = fields.size();
  return true;
}

void KddReader::parseRow(const std::vector<std::string_view>& f, Example& ex) {
  if (f.size() != expected_fields_)
    throw RowError("expected " + std::to_string(expected_fields_) + " fields, found " +
                   std::to_string(f.size()));
  auto num = [&](size_t c) {
    auto v = parseNumber(f[col_[c]], columns()[c]);
    if (!v) throw RowError("field " + columns()[c] + ": empty");
    return *v;
  };
  ex.label = num(0) > 0 ? 1.0f : 0.0f;
  const double impressions = num(1);
  if (weight_by_impressions_) ex.weight = static_cast<float>(impressions);
  const double depth = num(5), position = num(6);
  if (depth <= 0) throw RowError("field depth: must be positive");
  ex.dense[0] = static_cast<float>(std::log1p(depth));
  ex.dense[1] = static_cast<float>(std::log1p(std::max(position, 0.0)));
  ex.dense[2] = static_cast<float>(position / depth);
  const size_t id_cols[] = {2, 3, 4, 7, 8, 9, 10, 11};
  for (int i = 0; i < 8; ++i) ex.sparse[i] = hasher_.index(i, f[col_[id_cols[i]]]);
  auto u = users_.find(std::string(f[col_[11]]));
  ex.sparse[8] = u == users_.end() ? hasher_.missingIndex(8) : hasher_.index(8, u->second.first);
  ex.sparse[9] = u == users_.end() ? hasher_.missingIndex(9) : hasher_.index(9, u->second.second);
}

}  // namespace autorac::models
