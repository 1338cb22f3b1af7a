#pragma once
// Maps a categorical field's raw string to an index of the shared embedding table. The table has
// `table_size` rows: rows [0, fields) are the per-field "missing" indices (an empty value), the rest
// hold FNV-1a hashes salted with the field number, so equal strings in different fields differ.
#include <cstdint>
#include <string_view>

namespace autorac::models {

class FieldHasher {
public:
  FieldHasher(int fields, int64_t table_size);  // throws std::invalid_argument if table too small
  int64_t index(int field, std::string_view value) const;
  int64_t missingIndex(int field) const { return field; }
  int64_t tableSize() const { return table_size_; }
  int fields() const { return fields_; }

private:
  int fields_;
  int64_t table_size_;
};

}  // namespace autorac::models
