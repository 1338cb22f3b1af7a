#include "hw/OffchipPort.h"

#include "hw/MvmGeometry.h"
#include "hw/Time.h"

namespace autorac::hw {

void OffchipPort::gather(int64_t requests, int64_t bits_each, EventCounts& counts) {
  if (requests <= 0 || bits_each <= 0) return;
  port_.use(requests * ceilDiv(bits_each, design_.offchip.bits_per_cycle));
  counts.offchip_bits += uint64_t(requests * bits_each);
  sc_core::wait(cycles(design_.offchip.latency_cycles));
}

void OffchipPort::transfer(int64_t bits, EventCounts& counts) {
  if (bits <= 0) return;
  port_.use(ceilDiv(bits, design_.offchip.bits_per_cycle));
  counts.offchip_bits += uint64_t(bits);
  sc_core::wait(cycles(design_.offchip.latency_cycles));
}

}  // namespace autorac::hw
