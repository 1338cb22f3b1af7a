#define SC_INCLUDE_DYNAMIC_PROCESSES
#include "sim/InputLoader.h"

#include "hw/MvmGeometry.h"

namespace autorac::sim {

InputLoader::InputLoader(sc_core::sc_module_name name, const hw::Design& design, hw::Chip& chip, hw::TileId into,
                         int64_t bits_per_sample, uint64_t batch, hw::EventCounts& counts)
    : sc_module(name), design_(design), chip_(chip), into_(into), bits_(bits_per_sample), batch_(batch),
      counts_(counts) {
  sc_core::sc_spawn([this] { load(); }, "load");
}

void InputLoader::load() {
  const int64_t accesses = hw::ceilDiv(bits_, design_.edram.width_bits);
  for (uint64_t n = 0; n < batch_; ++n) {
    if (n >= 2 && consumer_) consumer_->waitUntil(n - 1);
    chip_.offchip().transfer(bits_, counts_);
    chip_.tile(into_).edram().use(accesses * design_.edram.access_cycles);
    counts_.edram_accesses += uint64_t(accesses);
    loaded_.finishOne();
  }
}

}  // namespace autorac::sim
