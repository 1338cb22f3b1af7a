#pragma once
// Common machinery of the text-file readers: opening, line numbering, delimiter detection (tab if the
// first line holds one, else comma), optional header line, and the bad-row policy (throw InputError
// with file and line, or count and skip when skip_bad_rows is set). Blank lines are ignored.
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "models/data/CtrReader.h"
#include "models/data/FieldHasher.h"

namespace autorac::models {

class DelimitedFileReader : public CtrReader {
public:
  bool next(Example& ex) override;
  const CtrSchema& schema() const override { return schema_; }
  const ReadStats& stats() const override { return stats_; }
  std::string source() const override { return path_; }

protected:
  DelimitedFileReader(std::string path, bool skip_bad_rows, int64_t table_size);
  // Called with the first line's fields. Returns true if the line is a header (it is then consumed);
  // may remap the columns. Throws RowError for an unusable header.
  virtual bool readHeader(const std::vector<std::string_view>& fields) = 0;
  // Parses one data row into ex (dense/sparse already sized). Throws RowError when malformed.
  virtual void parseRow(const std::vector<std::string_view>& fields, Example& ex) = 0;
  // Call from the derived constructor once schema_ is set.
  void initHasher();
  void open();  // opens the file; throws InputError if it cannot be read

  CtrSchema schema_;
  FieldHasher hasher_{0, 1};
  char delim_ = '\t';

private:
  std::string path_;
  bool skip_bad_;
  int64_t table_size_;
  std::ifstream in_;
  std::string line_;
  std::vector<std::string_view> fields_;
  int64_t line_no_ = 0;
  bool first_ = true;
  ReadStats stats_;
};

}  // namespace autorac::models
