#include "models/data/CriteoReader.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "models/data/TextRow.h"

namespace autorac::models {

CtrSchema CriteoReader::makeSchema() {
  CtrSchema s;
  s.name = "criteo";
  for (int i = 1; i <= kDense; ++i) s.dense_names.push_back("I" + std::to_string(i));
  for (int i = 1; i <= kSparse; ++i) s.sparse_names.push_back("C" + std::to_string(i));
  return s;
}

CriteoReader::CriteoReader(const std::string& path, int64_t table_size, bool skip_bad_rows)
    : DelimitedFileReader(path, skip_bad_rows, table_size) {
  schema_ = makeSchema();
  initHasher();
  for (int i = 0; i < kDense; ++i) dense_cols_.push_back(1 + i);
  for (int i = 0; i < kSparse; ++i) sparse_cols_.push_back(1 + kDense + i);
  open();
}

bool CriteoReader::readHeader(const std::vector<std::string_view>& fields) {
  if (isNumber(fields[0]) || fields[0].empty()) return false;
  std::map<std::string, size_t> col;
  for (size_t i = 0; i < fields.size(); ++i) col[lowerCase(fields[i])] = i;
  auto need = [&col](const std::string& name) {
    auto it = col.find(name);
    if (it == col.end()) throw RowError("header lacks the column '" + name + "'");
    return it->second;
  };
  // Remapped only once every column is found: a rejected header (skipped with skip_bad_rows) must
  // leave the default layout whole, not column indices of a longer header line.
  const size_t label = need("label");
  std::vector<size_t> dense(kDense), sparse(kSparse);
  for (int i = 0; i < kDense; ++i) dense[i] = need("i" + std::to_string(i + 1));
  for (int i = 0; i < kSparse; ++i) sparse[i] = need("c" + std::to_string(i + 1));
  label_col_ = label;
  dense_cols_ = std::move(dense);
  sparse_cols_ = std::move(sparse);
  expected_fields_ = fields.size();
  return true;
}

void CriteoReader::parseRow(const std::vector<std::string_view>& f, Example& ex) {
  if (f.size() != expected_fields_)
    throw RowError("expected " + std::to_string(expected_fields_) + " fields, found " +
                   std::to_string(f.size()));
  auto label = parseNumber(f[label_col_], "label");
  if (!label) throw RowError("field label: empty");
  ex.label = *label > 0 ? 1.0f : 0.0f;
  for (int i = 0; i < kDense; ++i) {
    auto v = parseNumber(f[dense_cols_[i]], schema_.dense_names[i]);
    ex.dense[i] = v ? static_cast<float>(std::log1p(std::max(*v, 0.0))) : 0.0f;
  }
  for (int i = 0; i < kSparse; ++i) ex.sparse[i] = hasher_.index(i, f[sparse_cols_[i]]);
}

}  // namespace autorac::models
