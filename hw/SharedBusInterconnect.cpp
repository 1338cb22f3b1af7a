#include "hw/SharedBusInterconnect.h"

#include "hw/MvmGeometry.h"
#include "hw/Time.h"

namespace autorac::hw {

SharedBusInterconnect::SharedBusInterconnect(const Design& design)
    : design_(design), medium_("interconnect", 1) {}

int64_t SharedBusInterconnect::idleTransferCycles(TileId from, TileId to, int64_t bits) const {
  if (from == to || bits <= 0) return 0;
  return ceilDiv(bits, design_.interconnect.link_bits) + design_.interconnect.latency_cycles;
}

void SharedBusInterconnect::transfer(TileId from, TileId to, int64_t bits, EventCounts& counts) {
  if (from == to || bits <= 0) return;
  const int64_t beats = ceilDiv(bits, design_.interconnect.link_bits);
  medium_.use(beats);
  counts.flit_hops += uint64_t(2 * beats);
  sc_core::wait(cycles(design_.interconnect.latency_cycles));
}

}  // namespace autorac::hw
