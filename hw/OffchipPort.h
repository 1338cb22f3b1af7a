#pragma once
// The chip's port to off-chip memory (graph inputs, embedding rows, outputs): `bits_per_cycle` of
// bandwidth, `latency_cycles` per request, energy per bit, and at most `max_requests` requests in
// flight. A request holds the port for its serialisation; its data arrives latency_cycles later, while
// later requests use the port. Requests are served first-come-first-served.
#include <cstdint>
#include <deque>

#include "hw/Design.h"
#include "hw/EventCounts.h"
#include "hw/Resource.h"

namespace autorac::hw {

class OffchipPort {
public:
  // `clock` must outlive the port.
  OffchipPort(const Design& design, const Clock& clock) : design_(design), clock_(clock), port_(clock, "offchip", 1) {}
  // Issues one request of `bits` and returns when it has left the port (not when its data arrives):
  // the time its data arrives is returned. Blocks first while max_requests are in flight.
  sc_core::sc_time issue(int64_t bits, EventCounts& counts);
  // `requests` reads of `bits_each` (an embedding gather) issued back to back; returns the arrival of
  // the last one without waiting for it.
  sc_core::sc_time issueGather(int64_t requests, int64_t bits_each, EventCounts& counts);

  uint64_t busyCycles() const { return port_.busySlotCycles(); }
  uint64_t waitCycles() const { return port_.waitCycles() + request_wait_cycles_; }
  uint64_t delayedRequests() const { return port_.contendedGrants() + requests_delayed_; }
  void trace(sc_core::sc_trace_file* tf) { port_.trace(tf); }

private:
  const Design& design_;
  const Clock& clock_;
  Resource port_;
  std::deque<sc_core::sc_time> in_flight_;  // arrival times, ascending (the port is FIFO, latency fixed)
  sc_core::sc_event slot_filled_;
  uint64_t request_wait_cycles_ = 0, requests_delayed_ = 0;
};

// Waits until simulated time `t` (now if it has passed).
void waitUntil(const sc_core::sc_time& t);

}  // namespace autorac::hw
