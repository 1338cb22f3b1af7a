#pragma once
// Avazu CTR data (train.csv): id, click, hour (YYMMDDHH), C1, banner_pos, site_*, app_*, device_*,
// C14..C21: 24 CSV columns, with or without the header line. `id` is dropped; `hour` becomes two
// categorical fields, hour-of-day and weekday; the other 21 columns are categorical (23 sparse fields,
// no dense ones).
#include <string>
#include <vector>

#include "models/data/DelimitedFileReader.h"

namespace autorac::models {

class AvazuReader : public DelimitedFileReader {
public:
  AvazuReader(const std::string& path, int64_t table_size, bool skip_bad_rows = false);
  static CtrSchema makeSchema();
  static const std::vector<std::string>& columns();  // the 24 column names, file order

protected:
  bool readHeader(const std::vector<std::string_view>& fields) override;
  void parseRow(const std::vector<std::string_view>& fields, Example& ex) override;

private:
  size_t expected_fields_;
  std::vector<size_t> col_;  // index in the file of each of columns()
};

}  // namespace autorac::models
