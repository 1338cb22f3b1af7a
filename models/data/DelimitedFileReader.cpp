#include "models/data/DelimitedFileReader.h"

#include "models/data/TextRow.h"
#include "traces/InputError.h"

namespace autorac::models {

DelimitedFileReader::DelimitedFileReader(std::string path, bool skip_bad_rows, int64_t table_size)
    : path_(std::move(path)), skip_bad_(skip_bad_rows), table_size_(table_size) {}

void DelimitedFileReader::initHasher() { hasher_ = FieldHasher(schema_.numSparse(), table_size_); }

void DelimitedFileReader::open() {
  in_.open(path_, std::ios::binary);
  if (!in_) throw InputError(path_, "", "cannot open the data file");
}

bool DelimitedFileReader::next(Example& ex) {
  while (std::getline(in_, line_)) {
    ++line_no_;
    std::string_view view(line_);
    if (!view.empty() && view.back() == '\r') view.remove_suffix(1);
    if (view.empty()) continue;
    try {
      if (first_) {
        first_ = false;
        delim_ = view.find('\t') != std::string_view::npos ? '\t' : ',';
        splitRow(view, delim_, fields_);
        if (readHeader(fields_)) {
          ++stats_.header_lines;
          continue;
        }
      } else {
        splitRow(view, delim_, fields_);
      }
      ex.dense.assign(schema_.numDense(), 0.0f);
      ex.sparse.assign(schema_.numSparse(), 0);
      ex.weight = 1.0f;
      parseRow(fields_, ex);
      ++stats_.rows;
      return true;
    } catch (const RowError& e) {
      std::string where = "line " + std::to_string(line_no_);
      if (!skip_bad_) throw InputError(path_, where, e.what());
      if (stats_.bad_rows == 0) stats_.first_bad = path_ + ": " + where + ": " + e.what();
      ++stats_.bad_rows;
    }
  }
  if (in_.bad()) throw InputError(path_, "line " + std::to_string(line_no_ + 1), "read error");
  return false;
}

}  // namespace autorac::models
