#pragma once
// The options every training, evaluation and export subcommand of `autorac` shares, their defaults,
// and their checks: a value out of range is bad input (autorac::InputError naming the option, exit 2)
// before any work starts, never a LibTorch exception, a division by zero or a silent NaN later.
#include <cstdint>
#include <string>

#include <boost/program_options.hpp>

#include "models/data/CtrSource.h"

namespace autorac::models {

struct CommonOptions {
  std::string data = "synthetic", eval_data, space = "full", checkpoint, out, arch_file, weights;
  double val_fraction = 0.0, lr = 0.01, clip = 5.0, lr_warmup = 0.1, supernet_warmup = 0.1;
  int64_t batch = 512, steps = 0, epochs = 1, hash_size = 1 << 17, shuffle = 20000, max_rows = -1;
  int64_t finetune_steps = 0, log_every = 50, checkpoint_every = 500, export_batch = 4, select_every = 0;
  int threads = 2, select_paths = 8, distill_paths = 0, paths_per_step = 1;
  uint64_t seed = 1, split_seed = 1;
  bool resume = false, skip_bad = false, with_tensors = false;
  std::string kdd_users;
};

// Adds the shared options (data, split, hashing, optimiser, batching, logging) to d, bound to c.
void addCommonOptions(boost::program_options::options_description& d, CommonOptions& c);

// Throws InputError("--<option>", value, constraint) for the first option out of its range.
void checkCommonOptions(const CommonOptions& c);

ReaderOptions readerOptions(const CommonOptions& c);

}  // namespace autorac::models
