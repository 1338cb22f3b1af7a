// Milliseconds per training step of one architecture's stand-alone network (NetShape::forArch), on a
// fixed random Criteo-shaped batch: forward, BCE loss, backward, gradient clip 5, Adagrad step. No
// data loading is timed, so the figure compares with bench/models/eager_step.py (PyTorch eager, the
// same network and batch) step for step. It runs with autorac's CPU settings (models/train/CpuRuntime.h:
// one OpenBLAS thread, freed blocks kept in the heap), as every autorac subcommand does.
// Usage: bench_step_time ARCH.json [batch=512] [steps=20] [threads=2]
#include <algorithm>
#include <chrono>
#include <iomanip>
#include <iostream>
#include <vector>

#include <torch/torch.h>

#include "models/data/CriteoReader.h"
#include "models/train/CpuRuntime.h"
#include "models/nn/Supernet.h"

using namespace autorac::models;

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: bench_step_time ARCH.json [batch=512] [steps=20] [threads=2]\n";
    return 2;
  }
  const Arch arch = Arch::load(argv[1]);
  const int64_t batch = argc > 2 ? std::stoll(argv[2]) : 512;
  const int steps = argc > 3 ? std::stoi(argv[3]) : 20;
  const int threads = argc > 4 ? std::stoi(argv[4]) : 2;
  useCpuRuntime(threads);
  torch::manual_seed(1);
  const int64_t table = 1 << 17;
  const CtrSchema schema = CriteoReader::makeSchema();
  Supernet net(NetShape::forArch(arch, schema, table));
  auto dense = torch::rand({batch, schema.numDense()});
  auto sparse = torch::randint(0, table, {batch, schema.numSparse()}, torch::kInt64);
  auto label = torch::randint(0, 2, {batch}).to(torch::kFloat32);
  auto params = net->parameters();
  torch::optim::Adagrad optim(params, torch::optim::AdagradOptions(0.01));
  std::vector<double> ms;
  for (int i = 0; i < steps + 3; ++i) {  // 3 untimed warm-up steps
    const auto t0 = std::chrono::steady_clock::now();
    optim.zero_grad();
    auto loss = torch::binary_cross_entropy_with_logits(net->forward(dense, sparse, arch), label);
    loss.backward();
    torch::nn::utils::clip_grad_norm_(params, 5.0);
    optim.step();
    const double t = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    if (i >= 3) ms.push_back(t);
  }
  std::sort(ms.begin(), ms.end());
  std::cout << "arch " << arch.name << "\nparameters " << net->parameterCount() << "\nbatch " << batch
            << "\nthreads " << threads << std::fixed << std::setprecision(3) << "\nms/step " << ms[ms.size() / 2]
            << "\n";
  return 0;
}
