// Time of the analytical model (map + estimate) on the MLP example at the batches pimsim is measured at.
#include <benchmark/benchmark.h>

#include "sim/analytical/AnalyticalModel.h"
#include "sim/design/DesignLoader.h"
#include "sim/mapping/Mapping.h"
#include "traces/TraceReader.h"

namespace {

void BM_AnalyticalMlp(benchmark::State& state) {
  using namespace autorac;
  const auto design = sim::loadDesign("isaac").design;
  const auto trace = trace::readTrace(std::string(AUTORAC_SOURCE_DIR) + "/traces/examples/mlp_512_256_128_1.json");
  for (auto _ : state) {
    const sim::Mapping m = sim::mapTrace(trace, design, sim::Strategy::Naive);
    benchmark::DoNotOptimize(sim::estimate(design, m, uint64_t(state.range(0))));
  }
}
BENCHMARK(BM_AnalyticalMlp)->Arg(1)->Arg(64)->Arg(1024)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
