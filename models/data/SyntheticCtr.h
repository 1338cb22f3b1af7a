#pragma once
// SYNTHETIC click data with the Criteo schema (13 dense, 26 categorical fields), for runs without any
// dataset. It is not real data and says nothing about real CTR accuracy. Each categorical field has
// its own cardinality (3 .. ~5000) and draws values from a Zipf(1.1) law; each field has its own
// missing rate (0 .. 40 %); dense fields are log-normal integers, some missing. The label is drawn
// from a planted logistic model: per-value weights on 8 fields, 4 pairwise field-value interactions
// (the part only interaction-aware models can capture), and a dense x categorical interaction.
// Everything is a pure function of (seed, row index): the same seed gives the same rows.
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "models/data/CtrReader.h"
#include "models/data/FieldHasher.h"

namespace autorac::models {

class SyntheticCtr : public CtrReader {
public:
  SyntheticCtr(int64_t rows, uint64_t seed, int64_t table_size);
  bool next(Example& ex) override;
  const CtrSchema& schema() const override { return schema_; }
  const ReadStats& stats() const override { return stats_; }
  std::string source() const override;
  // The planted click probability of the last row returned (for tests of learnability).
  double lastProbability() const { return last_p_; }

private:
  double weight(uint64_t a, uint64_t b, uint64_t c) const;  // deterministic value in [-1, 1)
  int64_t rows_;
  uint64_t seed_;
  CtrSchema schema_;
  FieldHasher hasher_;
  std::vector<std::vector<double>> cdf_;  // per field, Zipf CDF over its values
  std::vector<double> missing_;           // per field, missing probability
  std::mt19937_64 rng_;
  ReadStats stats_;
  double last_p_ = 0;
};

}  // namespace autorac::models
