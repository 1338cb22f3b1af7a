#include "hw/OffchipPort.h"

#include "hw/MvmGeometry.h"

namespace autorac::hw {

void waitUntil(const sc_core::sc_time& t) {
  if (t > sc_core::sc_time_stamp()) sc_core::wait(t - sc_core::sc_time_stamp());
}

sc_core::sc_time OffchipPort::issue(int64_t bits, EventCounts& counts) {
  if (bits <= 0) return sc_core::sc_time_stamp();
  const sc_core::sc_time pending = sc_core::sc_max_time();  // a slot whose request waits for the port
  auto retire = [this, &pending] {
    while (!in_flight_.empty() && in_flight_.front() != pending && in_flight_.front() <= sc_core::sc_time_stamp())
      in_flight_.pop_front();
  };
  retire();
  if (int(in_flight_.size()) >= design_.offchip.max_requests) {
    const uint64_t from = clock_.nowCycles();
    while (int(in_flight_.size()) >= design_.offchip.max_requests) {
      if (in_flight_.front() == pending)
        sc_core::wait(slot_filled_);
      else
        waitUntil(in_flight_.front());
      retire();
    }
    request_wait_cycles_ += clock_.nowCycles() - from;
    ++requests_delayed_;
  }
  in_flight_.push_back(pending);
  port_.use(ceilDiv(bits, design_.offchip.bits_per_cycle));
  counts.offchip_bits += uint64_t(bits);
  const sc_core::sc_time arrival = sc_core::sc_time_stamp() + clock_.cycles(design_.offchip.latency_cycles);
  // Requests leave the port in the order they took a slot, so ours is the oldest pending one, and
  // arrivals stay ascending.
  for (auto& slot : in_flight_)
    if (slot == pending) {
      slot = arrival;
      break;
    }
  slot_filled_.notify(sc_core::SC_ZERO_TIME);
  return arrival;
}

sc_core::sc_time OffchipPort::issueGather(int64_t requests, int64_t bits_each, EventCounts& counts) {
  sc_core::sc_time last = sc_core::sc_time_stamp();
  for (int64_t r = 0; r < requests; ++r) last = issue(bits_each, counts);
  return last;
}


}  // namespace autorac::hw
