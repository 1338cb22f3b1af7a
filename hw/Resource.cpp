#include "hw/Resource.h"

#include <algorithm>
#include <stdexcept>

#include "hw/TieArbiter.h"

namespace autorac::hw {
Resource::Resource(const Clock& clock, std::string name, int slots, Order order)
    : clock_(clock), name_(std::move(name)), slots_(slots), order_(order) {
  if (slots_ < 1) throw std::invalid_argument("resource " + name_ + " needs at least one slot");
}

void Resource::account() {
  const sc_core::sc_time now = sc_core::sc_time_stamp();
  busy_slot_time_ += double(in_use_) * double(clock_.toCycles(now - last_change_));
  last_change_ = now;
}

uint64_t Resource::busySlotCycles() const {
  return uint64_t(busy_slot_time_ + double(in_use_) * double(clock_.toCycles(sc_core::sc_time_stamp() - last_change_)));
}

void Resource::acquire(int n, int requester) {
  if (n > slots_) throw std::logic_error("resource " + name_ + ": request exceeds its slots");
  if (order_ == Order::Index) {
    acquireInIndexOrder(n, requester);
    return;
  }
  if (queue_.empty() && in_use_ + n <= slots_) {
    account();
    in_use_ += n;
    ++grants_;
    return;
  }
  const sc_core::sc_time asked = sc_core::sc_time_stamp();
  sc_core::sc_event granted;
  queue_.push_back({n, &granted, asked, requester});
  sc_core::wait(granted);
  wait_cycles_ += clock_.toCycles(sc_core::sc_time_stamp() - asked);
  ++contended_grants_;
}

// Every request waits for the cycle's quiet point; the queue is ordered by (cycle, requester), so the
// requests of a cycle queue behind the older ones and among themselves by index. A request counts as
// contended when it waits a cycle or more (who found the unit busy within the cycle is kernel order).
void Resource::acquireInIndexOrder(int n, int requester) {
  const sc_core::sc_time asked = sc_core::sc_time_stamp();
  sc_core::sc_event granted;
  const auto after = std::find_if(queue_.begin(), queue_.end(), [&](const Waiter& w) {
    return w.asked > asked || (w.asked == asked && w.requester > requester);
  });
  queue_.insert(after, {n, &granted, asked, requester});
  arbitrateWhenQuiet(*this);
  sc_core::wait(granted);
  const uint64_t waited = clock_.toCycles(sc_core::sc_time_stamp() - asked);
  wait_cycles_ += waited;
  if (waited > 0) ++contended_grants_;
}

void Resource::release(int n) {
  account();
  in_use_ -= n;
  if (order_ == Order::Index) {
    arbitrateWhenQuiet(*this);  // a request of this cycle with a lower index may still come
  } else {
    grantWaiters();
  }
}

void Resource::grantWaiters() {
  // Immediate notification at the quiet point (nothing else is runnable): the requester runs in this
  // evaluation phase; an Arrival grant keeps its delta notification.
  const bool quiet = order_ == Order::Index;
  if (quiet) account();
  while (!queue_.empty() && in_use_ + queue_.front().n <= slots_) {
    in_use_ += queue_.front().n;
    ++grants_;
    if (quiet) {
      queue_.front().granted->notify();
    } else {
      queue_.front().granted->notify(sc_core::SC_ZERO_TIME);
    }
    queue_.pop_front();
  }
}

void Resource::use(int64_t cycles, int n) {
  acquire(n);
  sc_core::wait(clock_.cycles(cycles));
  release(n);
}

void Resource::trace(sc_core::sc_trace_file* tf) { sc_core::sc_trace(tf, in_use_, name_); }

}  // namespace autorac::hw
