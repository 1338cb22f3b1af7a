#include "models/data/AvazuReader.h"

#include <map>

#include "models/data/TextRow.h"

namespace autorac::models {

const std::vector<std::string>& AvazuReader::columns() {
  static const std::vector<std::string> cols = {
      "id", "click", "hour", "C1", "banner_pos", "site_id", "site_domain", "site_category", "app_id",
      "app_domain", "app_category", "device_id", "device_ip", "device_model", "device_type",
      "device_conn_type", "C14", "C15", "C16", "C17", "C18", "C19", "C20", "C21"};
  return cols;
}

CtrSchema AvazuReader::makeSchema() {
  CtrSchema s;
  s.name = "avazu";
  s.sparse_names = {"hour_of_day", "weekday"};
  for (size_t i = 3; i < columns().size(); ++i) s.sparse_names.push_back(columns()[i]);
  return s;
}

AvazuReader::AvazuReader(const std::string& path, int64_t table_size, bool skip_bad_rows)
    : DelimitedFileReader(path, skip_bad_rows, table_size), expected_fields_(columns().size()) {
  schema_ = makeSchema();
  initHasher();
  for (size_t i = 0; i < columns().size(); ++i) col_.push_back(i);
  open();
}

bool AvazuReader::readHeader(const std::vector<std::string_view>& fields) {
  if (lowerCase(fields[0]) != "id" && !(fields.size() > 1 && lowerCase(fields[1]) == "click"))
    return false;
  std::map<std::string, size_t> col;
  for (size_t i = 0; i < fields.size(); ++i) col[lowerCase(fields[i])] = i;
  std::vector<size_t> remap(columns().size());  // kept only if every column is found (CriteoReader)
  for (size_t i = 0; i < columns().size(); ++i) {
    auto it = col.find(lowerCase(columns()[i]));
    if (it == col.end()) throw RowError("header lacks the column '" + columns()[i] + "'");
    remap[i] = it->second;
  }
  col_ = std::move(remap);
  expected_fields_ = fields.size();
  return true;
}

// Day of the week (0 = Sunday) of a proleptic Gregorian date (H. Hinnant's days_from_civil).
static int weekday(int y, int m, int d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  const long days = static_cast<long>(era) * 146097 + doe - 719468;
  return static_cast<int>(days >= -4 ? (days + 4) % 7 : (days + 5) % 7 + 6);
}

void AvazuReader::parseRow(const std::vector<std::string_view>& f, Example& ex) {
  if (f.size() != expected_fields_)
    throw RowError("expected " + std::to_string(expected_fields_) + " fields, found " +
                   std::to_string(f.size()));
  auto click = parseNumber(f[col_[1]], "click");
  if (!click) throw RowError("field click: empty");
  ex.label = *click > 0 ? 1.0f : 0.0f;
  std::string_view hour = f[col_[2]];
  bool digits = hour.size() == 8;
  for (char c : hour) digits = digits && c >= '0' && c <= '9';
  if (!digits) throw RowError("field hour: '" + std::string(hour) + "' is not YYMMDDHH");
  auto num = [&hour](size_t at) { return (hour[at] - '0') * 10 + (hour[at + 1] - '0'); };
  const int yy = num(0), mm = num(2), dd = num(4), hh = num(6);
  if (mm < 1 || mm > 12 || dd < 1 || dd > 31 || hh > 23)
    throw RowError("field hour: '" + std::string(hour) + "' is not a valid YYMMDDHH");
  const std::string hod = std::to_string(hh), wd = std::to_string(weekday(2000 + yy, mm, dd));
  ex.sparse[0] = hasher_.index(0, hod);
  ex.sparse[1] = hasher_.index(1, wd);
  for (size_t i = 3; i < columns().size(); ++i)
    ex.sparse[i - 1] = hasher_.index(static_cast<int>(i - 1), f[col_[i]]);
}

}  // namespace autorac::models
