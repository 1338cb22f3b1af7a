#pragma once
// Streams batches of tensors from a CtrSource: applies the seeded split, an optional shuffle buffer
// (reservoir-style, seeded per epoch, so a resumed run sees the same order), and stacks examples into
// tensors. At the end of the data next() returns false once; the next call starts a new epoch by
// reopening the source. Nothing beyond the shuffle buffer is held in memory.
#include <cstdint>
#include <memory>
#include <random>
#include <vector>

#include <torch/types.h>

#include "models/data/CtrSource.h"
#include "models/data/SplitFilter.h"

namespace autorac::models {

struct Batch {
  torch::Tensor dense;   // [B, numDense] float
  torch::Tensor sparse;  // [B, numSparse] int64
  torch::Tensor label;   // [B] float
  torch::Tensor weight;  // [B] float
  int64_t size() const { return label.defined() ? label.size(0) : 0; }
};

struct LoaderOptions {
  int64_t batch_size = 512;
  int64_t shuffle_buffer = 0;  // 0 = file order
  uint64_t seed = 1;
  int64_t max_rows = -1;       // stop after this many kept rows per epoch (-1 = all)
  bool drop_last = false;
};

class BatchLoader {
public:
  BatchLoader(const CtrSource& source, SplitFilter split, SplitPart part, LoaderOptions options);
  bool next(Batch& batch);
  // Repositions at the start of `epoch`, then skips `batches` batches (used when resuming).
  void seek(int64_t epoch, int64_t batches);
  int64_t batchInEpoch() const { return batch_in_epoch_; }
  int64_t epoch() const { return epoch_; }
  // Reading statistics of the current (or last) pass over the file.
  const ReadStats& stats() const { return reader_->stats(); }
  int64_t rowsThisEpoch() const { return kept_; }

private:
  bool pull(Example& ex);  // next kept example from the reader, honouring split and max_rows
  void startEpoch();
  const CtrSource& source_;
  SplitFilter split_;
  SplitPart part_;
  LoaderOptions opt_;
  std::unique_ptr<CtrReader> reader_;
  std::vector<Example> buffer_;
  std::mt19937_64 rng_;
  int64_t epoch_ = 0, row_ = 0, kept_ = 0, batch_in_epoch_ = 0;
  bool exhausted_ = false, ended_ = false;
};

// One pass over a loader's epoch without keeping the batches: how many there are, and the weighted
// label rate (the output bias is initialised to its log-odds, see Supernet::setOutputPrior).
struct PassCount {
  int64_t batches = 0, rows = 0;
  double weight = 0, positive_weight = 0;
  double labelRate() const { return weight > 0 ? positive_weight / weight : 0.0; }
};
PassCount countPass(BatchLoader& loader);

}  // namespace autorac::models
