#include "hw/SharedBusInterconnect.h"

#include "hw/MvmGeometry.h"

namespace autorac::hw {

SharedBusInterconnect::SharedBusInterconnect(const Design& design, const Clock& clock)
    : design_(design), clock_(clock), medium_(clock, "interconnect", 1) {}

int64_t SharedBusInterconnect::idleTransferCycles(TileId from, TileId to, int64_t bits) const {
  if (from == to || bits <= 0) return 0;
  return ceilDiv(bits, design_.interconnect.link_bits) + design_.interconnect.latency_cycles;
}

void SharedBusInterconnect::transfer(TileId from, TileId to, int64_t bits, EventCounts& counts) {
  if (from == to || bits <= 0) return;
  const int64_t beats = ceilDiv(bits, design_.interconnect.link_bits);
  medium_.use(beats);
  counts.flit_hops += uint64_t(2 * beats);
  sc_core::wait(clock_.cycles(design_.interconnect.latency_cycles));
}

}  // namespace autorac::hw
