#define SC_INCLUDE_DYNAMIC_PROCESSES
#include "sim/run/InputLoader.h"

#include "sim/run/StepRunner.h"
#include "sim/analytical/Steps.h"

namespace autorac::sim {

InputLoader::InputLoader(sc_core::sc_module_name name, const hw::Design& design, hw::Chip& chip, hw::TileId into,
                         int64_t bits_per_sample, uint64_t depth, uint64_t batch, hw::EventCounts& counts)
    : sc_module(name), design_(design), chip_(chip), into_(into), bits_(bits_per_sample), depth_(depth), batch_(batch),
      counts_(counts) {
  sc_core::sc_spawn([this] { issue(); }, "issue");
  sc_core::sc_spawn([this] { land(); }, "land");
}

void InputLoader::issue() {
  for (uint64_t n = 0; n < batch_; ++n) {
    // Buffer space for `depth_` samples: sample n waits until the consumer has taken sample n - depth_.
    if (n >= depth_ && consumer_) consumer_->waitUntil(n - depth_ + 1);
    arrivals_.push_back(chip_.offchip().issue(bits_, counts_));
    issued_.notify(sc_core::SC_ZERO_TIME);
  }
}

void InputLoader::land() {
  const StepRunner run(design_, chip_, counts_);
  for (uint64_t n = 0; n < batch_; ++n) {
    while (arrivals_.empty()) sc_core::wait(issued_);
    hw::waitUntil(arrivals_.front());
    arrivals_.pop_front();
    recipe::inputLanding(into_, bits_, run);
    loaded_.finishOne();
  }
}

}  // namespace autorac::sim
