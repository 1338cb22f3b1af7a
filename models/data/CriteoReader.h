#pragma once
// Criteo display-ads data: label, I1..I13 (integers, possibly empty or negative, possibly written as
// "260.0"), C1..C26 (hex hashes, possibly empty). Accepted layouts: the Kaggle train.txt (TSV, no
// header, 40 fields) and CSV/TSV with a header naming the columns (Kaggle "Id,Label,I1,...", DeepCTR
// "label,I1,..."; other columns such as Id are ignored). Dense: log(1 + max(x, 0)), missing -> 0.
// Categorical: FieldHasher, missing -> the field's own index.
#include <string>
#include <vector>

#include "models/data/DelimitedFileReader.h"

namespace autorac::models {

class CriteoReader : public DelimitedFileReader {
public:
  static constexpr int kDense = 13;
  static constexpr int kSparse = 26;
  CriteoReader(const std::string& path, int64_t table_size, bool skip_bad_rows = false);
  static CtrSchema makeSchema();

protected:
  bool readHeader(const std::vector<std::string_view>& fields) override;
  void parseRow(const std::vector<std::string_view>& fields, Example& ex) override;

private:
  size_t expected_fields_ = 1 + kDense + kSparse;
  size_t label_col_ = 0;
  std::vector<size_t> dense_cols_, sparse_cols_;
};

}  // namespace autorac::models
