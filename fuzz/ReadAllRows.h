#pragma once
// The row-parser fuzz targets' body: write the input as a data file, read every row with the reader
// once skipping bad rows (every line parsed) and once strict (stops at the first bad row, InputError).
#include "fuzz/FuzzInput.h"
#include "models/data/CtrReader.h"
#include "traces/InputError.h"

namespace autorac::fuzz {

// Large enough for every reader's per-field "missing" rows.
inline constexpr int64_t kFuzzTableSize = 1000;

template <class Reader>
void readAllRows(const uint8_t* data, size_t size, const std::string& name) {
  const std::string path = scratchFile(name, text(data, size));
  for (bool skip_bad_rows : {true, false}) {
    try {
      Reader reader(path, kFuzzTableSize, skip_bad_rows);
      models::Example ex;
      while (reader.next(ex)) {
        if (ex.dense.size() != size_t(reader.schema().numDense()) || ex.sparse.size() != size_t(reader.schema().numSparse()))
          finding("a row does not match the schema's field counts");
        for (int64_t id : ex.sparse)
          if (id < 0 || id >= kFuzzTableSize) finding("a sparse index outside the table: " + std::to_string(id));
      }
    } catch (const InputError&) {
    }
  }
}

}  // namespace autorac::fuzz
