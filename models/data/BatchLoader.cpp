#include "models/data/BatchLoader.h"

namespace autorac::models {

BatchLoader::BatchLoader(const CtrSource& source, SplitFilter split, SplitPart part,
                         LoaderOptions options)
    : source_(source), split_(split), part_(part), opt_(options) {
  startEpoch();
}

void BatchLoader::startEpoch() {
  reader_ = source_.open();
  buffer_.clear();
  rng_.seed(opt_.seed * 1000003ULL + static_cast<uint64_t>(epoch_));
  row_ = kept_ = batch_in_epoch_ = 0;
  exhausted_ = false;
  ended_ = false;
}

void BatchLoader::seek(int64_t epoch, int64_t batches) {
  epoch_ = epoch;
  startEpoch();
  Batch skipped;
  for (int64_t i = 0; i < batches && next(skipped);) ++i;
}

bool BatchLoader::pull(Example& ex) {
  if (exhausted_) return false;
  while (opt_.max_rows < 0 || kept_ < opt_.max_rows) {
    if (!reader_->next(ex)) break;
    if (split_.keep(row_++, part_)) {
      ++kept_;
      return true;
    }
  }
  exhausted_ = true;
  return false;
}

bool BatchLoader::next(Batch& batch) {
  if (ended_) {
    ++epoch_;
    startEpoch();
  }
  const CtrSchema& schema = reader_->schema();
  const int64_t nd = schema.numDense(), ns = schema.numSparse();
  std::vector<float> dense, label, weight;
  std::vector<int64_t> sparse;
  auto add = [&](const Example& ex) {
    dense.insert(dense.end(), ex.dense.begin(), ex.dense.end());
    sparse.insert(sparse.end(), ex.sparse.begin(), ex.sparse.end());
    label.push_back(ex.label);
    weight.push_back(ex.weight);
  };
  Example ex;
  while (static_cast<int64_t>(label.size()) < opt_.batch_size) {
    if (opt_.shuffle_buffer <= 0) {
      if (!pull(ex)) break;
      add(ex);
      continue;
    }
    while (static_cast<int64_t>(buffer_.size()) < opt_.shuffle_buffer && pull(ex))
      buffer_.push_back(std::move(ex));
    if (buffer_.empty()) break;
    const size_t k = std::uniform_int_distribution<size_t>(0, buffer_.size() - 1)(rng_);
    std::swap(buffer_[k], buffer_.back());
    add(buffer_.back());
    buffer_.pop_back();
  }
  const int64_t n = static_cast<int64_t>(label.size());
  if (n == 0 || (opt_.drop_last && n < opt_.batch_size)) {
    buffer_.clear();
    exhausted_ = true;
    ended_ = true;
    return false;
  }
  ++batch_in_epoch_;
  batch.dense = torch::from_blob(dense.data(), {n, nd}, torch::kFloat32).clone();
  batch.sparse = torch::from_blob(sparse.data(), {n, ns}, torch::kInt64).clone();
  batch.label = torch::from_blob(label.data(), {n}, torch::kFloat32).clone();
  batch.weight = torch::from_blob(weight.data(), {n}, torch::kFloat32).clone();
  return true;
}

PassCount countPass(BatchLoader& loader) {
  PassCount c;
  Batch b;
  while (loader.next(b)) {
    ++c.batches;
    c.rows += b.size();
    c.weight += b.weight.sum().item<double>();
    c.positive_weight += (b.weight * b.label).sum().item<double>();
  }
  return c;
}

}  // namespace autorac::models
