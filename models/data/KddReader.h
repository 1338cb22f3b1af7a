#pragma once
// KDD Cup 2012 track 2 (Tencent search ads). training.txt: TSV without header, 12 fields: Click,
// Impression, DisplayURL, AdID, AdvertiserID, Depth, Position, QueryID, KeywordID, TitleID,
// DescriptionID, UserID. A file with a header naming these columns (any order, e.g. the TestPublic
// file joined with answers, where "description" stands for DescriptionID; extra columns such as id
// are ignored) is accepted too. Label = Click > 0; weight = Impression when asked. Dense: log(1+Depth),
// log(1+Position), Position/Depth. Categorical: the 8 id fields plus the user's gender and age, looked
// up in the optional user table (userid \t gender \t age); without it those two are "missing".
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "models/data/DelimitedFileReader.h"

namespace autorac::models {

class KddReader : public DelimitedFileReader {
public:
  KddReader(const std::string& path, int64_t table_size, bool skip_bad_rows = false,
            const std::string& user_table = "", bool weight_by_impressions = false);
  static CtrSchema makeSchema();
  static const std::vector<std::string>& columns();  // the 12 training.txt columns, lower case

protected:
  bool readHeader(const std::vector<std::string_view>& fields) override;
  void parseRow(const std::vector<std::string_view>& fields, Example& ex) override;

private:
  void loadUsers(const std::string& path);
  size_t expected_fields_;
  std::vector<size_t> col_;
  bool weight_by_impressions_;
  std::unordered_map<std::string, std::pair<std::string, std::string>> users_;
};

}  // namespace autorac::models
