// Training samples/s at 2 threads (batch 512, Adagrad, synthetic Criteo-shaped data):
//   supernet-sampled : the supernet of a space, a random path per step (what train-supernet does)
//   supernet-fixed   : the same supernet trained on one fixed path A
//   standalone       : a network holding only A's weights (NetShape::forArch), trained on A
// Overhead ratios: standalone / supernet-fixed (cost of weight sharing for the same computation).
// Usage: bench_models_throughput [space=small] [steps=30] [threads=2]
#include <iomanip>
#include <iostream>

#include <torch/torch.h>

#include "models/cli/RunConfig.h"
#include "models/data/BatchLoader.h"
#include "models/train/Trainer.h"

using namespace autorac::models;

namespace {

double measure(Supernet net, BatchLoader& loader, int64_t steps, const Arch* fixed, const SearchSpace& space) {
  TrainOptions opt;
  opt.steps = steps + 3;
  opt.log_every = 1000000;
  opt.supernet_warmup = 0.0;
  // Warm up caches/allocator with 3 steps, then time `steps` steps.
  TrainOptions warm = opt;
  warm.steps = 3;
  if (fixed) Trainer(net, warm).trainFixed(loader, *fixed); else Trainer(net, warm).trainSupernet(loader, space);
  opt.steps = steps;
  auto s = fixed ? Trainer(net, opt).trainFixed(loader, *fixed) : Trainer(net, opt).trainSupernet(loader, space);
  return s.samples_per_second;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string space_name = argc > 1 ? argv[1] : "small";
  const int64_t steps = argc > 2 ? std::stoll(argv[2]) : 30;
  const int threads = argc > 3 ? std::stoi(argv[3]) : 2;
  torch::set_num_threads(threads);
  torch::manual_seed(1);
  const int64_t table = 1 << 17;
  ReaderOptions ro;
  ro.table_size = table;
  CtrSource src("synthetic:rows=100000,seed=1", ro);
  LoaderOptions lo;
  lo.batch_size = 512;
  BatchLoader loader(src, SplitFilter(), SplitPart::All, lo);
  SearchSpace space(spaceByName(space_name));
  std::mt19937_64 rng(7);
  Arch a = space.sample(rng);
  NetShape super_shape = NetShape::forSpace(space.config(), src.schema(), table);
  NetShape alone_shape = NetShape::forArch(a, src.schema(), table);

  Supernet sup(super_shape);
  const double sampled = measure(sup, loader, steps, nullptr, space);
  const double fixed = measure(sup, loader, steps, &a, space);
  Supernet alone(alone_shape);
  const double standalone = measure(alone, loader, steps, &a, space);
  std::cout << std::fixed << std::setprecision(0) << "space " << space_name << ", " << threads
            << " threads, batch 512, " << steps << " timed steps\n"
            << "supernet parameters  " << sup->parameterCount() << "\n"
            << "path A parameters    " << alone->parameterCount() << "\n"
            << "supernet-sampled     " << sampled << " samples/s\n"
            << "supernet-fixed (A)   " << fixed << " samples/s\n"
            << "standalone (A)       " << standalone << " samples/s\n"
            << std::setprecision(2) << "overhead standalone/supernet-fixed = " << standalone / fixed << "x\n";
  return 0;
}
