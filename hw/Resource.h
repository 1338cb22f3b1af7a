#pragma once
// A shared hardware resource (an ADC group, the S+A units of a PE, a tile bus, an eDRAM port, the
// interconnect) with a number of slots. Users acquire slots, hold them for the cycles their work takes
// and release them; a user who finds too few free slots waits. Grants are first-come-first-served in
// request cycle, with head-of-line blocking, so no request starves. Requests of the same cycle are
// ordered explicitly where the hardware has an arbiter (Order::Index: lowest requester index first,
// decided once the cycle's processes have all run, hw/TieArbiter.h, as rtl/adc_share_sequencer.sv
// does) and otherwise in the order the kernel ran their processes (Order::Arrival: deterministic, and
// granted without waiting for the cycle to settle). Nothing here is clocked: a resource only costs
// simulation time when its state changes.
#include <cstdint>
#include <deque>
#include <string>

#include <systemc>

#include "hw/Clock.h"
#include "hw/TieArbiter.h"

namespace autorac::hw {

class Resource final : public QuietPointUser {
public:
  enum class Order { Arrival, Index };  // how same-cycle requests are ordered (see above)
  // `clock` must outlive the resource.
  Resource(const Clock& clock, std::string name, int slots, Order order = Order::Arrival);
  Resource(const Resource&) = delete;
  Resource& operator=(const Resource&) = delete;

  // Blocks the calling SC_THREAD until `n` slots are granted. `requester` orders same-cycle requests
  // of an Order::Index resource (its users' indices, e.g. the crossbar within the PE).
  void acquire(int n = 1, int requester = 0);
  void release(int n = 1);
  // Acquire, hold for `cycles` clock periods, release: the common case of a unit doing one job.
  void use(int64_t cycles, int n = 1);

  const std::string& name() const { return name_; }
  int slots() const { return slots_; }
  // Statistics: slot-cycles held, grants, and cycles spent waiting by all requesters together.
  uint64_t busySlotCycles() const;
  uint64_t grants() const { return grants_; }
  uint64_t waitCycles() const { return wait_cycles_; }
  uint64_t contendedGrants() const { return contended_grants_; }

  const Clock& clock() const { return clock_; }
  // VCD: a resource traces how many of its slots are in use.
  void trace(sc_core::sc_trace_file* tf);
  // Grants the queue's head while it fits (Order::Index: hw/TieArbiter calls it at the quiet point).
  void grantWaiters();
  void atQuietPoint() override { grantWaiters(); }

private:
  struct Waiter {
    int n;
    sc_core::sc_event* granted;
    sc_core::sc_time asked;
    int requester;
  };
  void account();
  void acquireInIndexOrder(int n, int requester);

  const Clock& clock_;
  std::string name_;
  int slots_;
  Order order_;
  int in_use_ = 0;
  std::deque<Waiter> queue_;
  uint64_t grants_ = 0, contended_grants_ = 0, wait_cycles_ = 0;
  // Busy slot-time integral, advanced whenever in_use_ changes.
  sc_core::sc_time last_change_;
  double busy_slot_time_ = 0;  // in clock periods
};

}  // namespace autorac::hw
