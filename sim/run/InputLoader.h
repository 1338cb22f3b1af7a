#pragma once
// Brings each sample's graph input from off-chip memory into the eDRAM of the tile that consumes it.
// Two processes: one issues the requests (up to the prefetch depth of samples ahead of the consumer,
// StageCosts::prefetchDepth), one lands each sample's data in eDRAM as it arrives, in order. So the
// off-chip latency overlaps across samples instead of being paid once per sample.
#include <cstdint>
#include <deque>

#include <systemc>

#include "hw/Chip.h"
#include "hw/EventCounts.h"
#include "sim/run/SampleProgress.h"

namespace autorac::sim {

class InputLoader : public sc_core::sc_module {
public:
  InputLoader(sc_core::sc_module_name name, const hw::Design& design, hw::Chip& chip, hw::TileId into,
              int64_t bits_per_sample, uint64_t depth, uint64_t batch, hw::EventCounts& counts);
  SampleProgress& loaded() { return loaded_; }
  // The consumer whose progress throttles the loader; set before the simulation starts.
  void throttleBy(SampleProgress& consumer_started) { consumer_ = &consumer_started; }

private:
  void issue();
  void land();
  const hw::Design& design_;
  hw::Chip& chip_;
  hw::TileId into_;
  int64_t bits_;
  uint64_t depth_;  // samples fetched ahead of the consumer (StageCosts::prefetchDepth of the consumer)
  uint64_t batch_;
  hw::EventCounts& counts_;
  SampleProgress* consumer_ = nullptr;
  SampleProgress loaded_;
  std::deque<sc_core::sc_time> arrivals_;  // issued, not yet landed
  sc_core::sc_event issued_;
};

}  // namespace autorac::sim
