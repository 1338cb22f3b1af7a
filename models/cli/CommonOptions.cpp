#include "models/cli/CommonOptions.h"

#include <sstream>

#include "traces/InputError.h"

namespace autorac::models {

namespace po = boost::program_options;

void addCommonOptions(po::options_description& d, CommonOptions& c) {
  d.add_options()
      ("help,h", "show this help")
      ("data", po::value(&c.data)->default_value(c.data),
       "training data: criteo:<file>, avazu:<file>, kdd2012:<file>, synthetic[:rows=N,seed=S] "
       "(synthetic = generated Criteo-shaped data, not real)")
      ("eval-data", po::value(&c.eval_data), "evaluation data (default: the validation split of --data)")
      ("val-fraction", po::value(&c.val_fraction)->default_value(c.val_fraction),
       "fraction of --data held out for validation (seeded split), in [0, 1)")
      ("split-seed", po::value(&c.split_seed)->default_value(c.split_seed), "seed of the split")
      ("hash-size", po::value(&c.hash_size)->default_value(c.hash_size), "rows of the hashed embedding table")
      ("skip-bad-rows", po::bool_switch(&c.skip_bad), "count and skip malformed rows instead of stopping")
      ("kdd-users", po::value(&c.kdd_users), "KDD 2012 user table to join (gender, age)")
      ("max-rows", po::value(&c.max_rows)->default_value(c.max_rows), "use at most this many rows per pass (-1: all)")
      ("threads", po::value(&c.threads)->default_value(c.threads), "LibTorch intra-op threads")
      ("seed", po::value(&c.seed)->default_value(c.seed), "seed of initialisation, shuffling and paths")
      ("batch", po::value(&c.batch)->default_value(c.batch), "batch size")
      ("steps", po::value(&c.steps)->default_value(c.steps), "training steps (0: --epochs passes)")
      ("epochs", po::value(&c.epochs)->default_value(c.epochs), "passes over the data when --steps is 0")
      ("lr", po::value(&c.lr)->default_value(c.lr), "Adagrad learning rate")
      ("lr-warmup", po::value(&c.lr_warmup)->default_value(c.lr_warmup), "fraction of steps of linear lr warm-up")
      ("clip", po::value(&c.clip)->default_value(c.clip), "gradient-norm clip (0: none)")
      ("shuffle-buffer", po::value(&c.shuffle)->default_value(c.shuffle), "rows in the shuffle buffer (0: no shuffling)")
      ("log-every", po::value(&c.log_every)->default_value(c.log_every), "steps between progress lines");
}

namespace {

template <class T>
void require(bool ok, const std::string& option, T value, const std::string& constraint) {
  if (ok) return;
  std::ostringstream v;
  v << value;
  throw InputError(option, v.str(), constraint);
}

}  // namespace

void checkCommonOptions(const CommonOptions& c) {
  // Written as !(in range) so that NaN fails too.
  require(c.val_fraction >= 0 && c.val_fraction < 1, "--val-fraction", c.val_fraction, "must be in [0, 1)");
  require(c.batch >= 1, "--batch", c.batch, "must be 1 or more");
  require(c.steps >= 0, "--steps", c.steps, "must be 0 (use --epochs) or more");
  require(c.epochs >= 1, "--epochs", c.epochs, "must be 1 or more");
  require(c.lr > 0, "--lr", c.lr, "must be above 0");
  require(c.lr_warmup >= 0 && c.lr_warmup <= 1, "--lr-warmup", c.lr_warmup, "must be a fraction in [0, 1]");
  require(c.supernet_warmup >= 0 && c.supernet_warmup <= 1, "--warmup", c.supernet_warmup, "must be a fraction in [0, 1]");
  require(c.clip >= 0, "--clip", c.clip, "must be 0 (no clipping) or more");
  require(c.threads >= 1, "--threads", c.threads, "must be 1 or more");
  require(c.shuffle >= 0, "--shuffle-buffer", c.shuffle, "must be 0 (no shuffling) or more");
  require(c.max_rows >= -1, "--max-rows", c.max_rows, "must be -1 (all rows) or more");
  require(c.log_every >= 1, "--log-every", c.log_every, "must be 1 or more");
  require(c.checkpoint_every >= 1, "--checkpoint-every", c.checkpoint_every, "must be 1 or more");
  require(c.select_every >= 0, "--select-every", c.select_every, "must be 0 (no selection) or more");
  require(c.select_paths >= 1, "--select-paths", c.select_paths, "must be 1 or more");
  require(c.distill_paths >= 0, "--distill-paths", c.distill_paths, "must be 0 or more");
  require(c.paths_per_step >= 1, "--paths-per-step", c.paths_per_step, "must be 1 or more");
  require(c.finetune_steps >= 0, "--finetune-steps", c.finetune_steps, "must be 0 or more");
  require(c.export_batch >= 1, "--export-batch", c.export_batch, "must be 1 or more");
  require(c.hash_size >= 1, "--hash-size", c.hash_size, "must be 1 or more");
}

ReaderOptions readerOptions(const CommonOptions& c) {
  ReaderOptions o;
  o.table_size = c.hash_size;
  o.skip_bad_rows = c.skip_bad;
  o.kdd_user_table = c.kdd_users;
  return o;
}

}  // namespace autorac::models
