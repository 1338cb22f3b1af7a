#include "models/data/FieldHasher.h"

#include <stdexcept>
#include <string>

namespace autorac::models {

FieldHasher::FieldHasher(int fields, int64_t table_size) : fields_(fields), table_size_(table_size) {
  if (fields < 0 || table_size < 2LL * fields + 1)
    throw std::invalid_argument("hash table size " + std::to_string(table_size) + " too small for " +
                                std::to_string(fields) + " fields (need at least 2*fields+1)");
}

int64_t FieldHasher::index(int field, std::string_view value) const {
  if (value.empty()) return missingIndex(field);
  uint64_t h = 1469598103934665603ULL;
  auto mix = [&h](unsigned char c) { h = (h ^ c) * 1099511628211ULL; };
  for (int s = 0; s < 4; ++s) mix(static_cast<unsigned char>((field >> (8 * s)) & 0xff));
  mix(0x1f);
  for (char c : value) mix(static_cast<unsigned char>(c));
  const uint64_t buckets = static_cast<uint64_t>(table_size_ - fields_);
  return fields_ + static_cast<int64_t>(h % buckets);
}

}  // namespace autorac::models
