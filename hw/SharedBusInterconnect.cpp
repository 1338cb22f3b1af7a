#include "hw/SharedBusInterconnect.h"

#include "hw/BusTransfer.h"
#include "hw/noc/TransferCost.h"

namespace autorac::hw {

SharedBusInterconnect::SharedBusInterconnect(const Design& design, const Clock& clock)
    : design_(design), clock_(clock), medium_(clock, "interconnect", 1) {}

int64_t SharedBusInterconnect::idleTransferCycles(TileId from, TileId to, int64_t bits) const {
  return noc::idleTransferCycles(design_, from, to, bits);
}

void SharedBusInterconnect::transfer(TileId from, TileId to, int64_t bits, EventCounts& counts,
                                     const PacketValues* values) {
  if (from == to || bits <= 0) {
    if (values) values->land();
    return;
  }
  const BusTransfer bus(design_, bits);
  medium_.use(bus.beats);
  counts.flit_hops += bus.flitHops();
  sc_core::wait(clock_.cycles(bus.latency_cycles));
  if (values) values->land();
}

}  // namespace autorac::hw
