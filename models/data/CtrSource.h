#pragma once
// A data source named on the command line: "criteo:<file>", "avazu:<file>", "kdd2012:<file>" or
// "synthetic[:rows=N[,seed=S]]". open() makes a fresh reader positioned at the first row (called again
// for every epoch, so nothing has to fit in memory).
#include <cstdint>
#include <memory>
#include <string>

#include "models/data/CtrReader.h"

namespace autorac::models {

struct ReaderOptions {
  int64_t table_size = 1 << 17;  // rows of the shared hashed embedding table
  bool skip_bad_rows = false;
  std::string kdd_user_table;    // optional user table for kdd2012
  bool kdd_weight_by_impressions = false;
};

class CtrSource {
public:
  // Throws InputError("--data", ...) for an unknown format or bad synthetic options.
  CtrSource(const std::string& spec, ReaderOptions options);
  std::unique_ptr<CtrReader> open() const;
  CtrSchema schema() const;
  const std::string& format() const { return format_; }
  const std::string& path() const { return path_; }
  const std::string& spec() const { return spec_; }
  const ReaderOptions& options() const { return options_; }

private:
  std::string spec_, format_, path_;
  int64_t synthetic_rows_ = 100000;
  uint64_t synthetic_seed_ = 1;
  ReaderOptions options_;
};

}  // namespace autorac::models
