#pragma once
// The streaming interface every dataset reader implements: one Example at a time, so files far larger
// than memory (Criteo: 45 M rows, KDD 2012: 150 M) can be trained on.
#include <string>

#include "models/data/Example.h"

namespace autorac::models {

class CtrReader {
public:
  virtual ~CtrReader() = default;
  virtual const CtrSchema& schema() const = 0;
  // Fills `ex` with the next row; false at the end of the data. A malformed row throws
  // autorac::InputError(file, "line N", what) unless the reader was asked to skip bad rows.
  virtual bool next(Example& ex) = 0;
  virtual const ReadStats& stats() const = 0;
  virtual std::string source() const = 0;  // file path or "synthetic(...)"
};

}  // namespace autorac::models
