#pragma once
// One transfer of `bits` over the shared bus between tiles (interconnect.kind = bus): the medium is
// held one cycle per link_bits beat, and the data arrives latency_cycles after the last beat. Each
// beat leaves the source's router and enters the destination's. The SystemC bus
// (hw/SharedBusInterconnect) and the idle transfer costs (hw/noc/TransferCost) both read this.
#include <cstdint>

#include "hw/Design.h"
#include "hw/MvmGeometry.h"

namespace autorac::hw {

struct BusTransfer {
  int64_t beats;           // cycles the medium is held
  int64_t latency_cycles;  // from the last beat to the data at the destination

  BusTransfer(const Design& d, int64_t bits)
      : beats(ceilDiv(bits, d.interconnect.link_bits)), latency_cycles(d.interconnect.latency_cycles) {}
  int64_t idleCycles() const { return beats + latency_cycles; }
  uint64_t flitHops() const { return 2 * uint64_t(beats); }  // the source's and the destination's router
};

}  // namespace autorac::hw
