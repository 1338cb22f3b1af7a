#pragma once
// The chip's port to off-chip memory (inputs, outputs, later embeddings): `bits_per_cycle` of
// bandwidth, `latency_cycles` per request, energy per bit. Requests queue first-come-first-served.
#include "hw/Design.h"
#include "hw/EventCounts.h"
#include "hw/Resource.h"

namespace autorac::hw {

class OffchipPort {
public:
  explicit OffchipPort(const Design& design) : design_(design), port_("offchip", 1) {}
  void transfer(int64_t bits, EventCounts& counts);
  // `requests` independent reads of `bits_each` (an embedding gather): issued back to back, so the
  // port is busy for each one's serialisation and the latency is paid once.
  void gather(int64_t requests, int64_t bits_each, EventCounts& counts);
  uint64_t busyCycles() const { return port_.busySlotCycles(); }
  uint64_t waitCycles() const { return port_.waitCycles(); }
  uint64_t delayedRequests() const { return port_.contendedGrants(); }
  void trace(sc_core::sc_trace_file* tf) { port_.trace(tf); }

private:
  const Design& design_;
  Resource port_;
};

}  // namespace autorac::hw
