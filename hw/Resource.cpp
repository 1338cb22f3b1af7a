#include "hw/Resource.h"

#include <stdexcept>

namespace autorac::hw {
Resource::Resource(const Clock& clock, std::string name, int slots)
    : clock_(clock), name_(std::move(name)), slots_(slots) {
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

void Resource::acquire(int n) {
  if (n > slots_) throw std::logic_error("resource " + name_ + ": request exceeds its slots");
  if (queue_.empty() && in_use_ + n <= slots_) {
    account();
    in_use_ += n;
    ++grants_;
    return;
  }
  const sc_core::sc_time asked = sc_core::sc_time_stamp();
  sc_core::sc_event granted;
  queue_.push_back({n, &granted});
  sc_core::wait(granted);
  wait_cycles_ += clock_.toCycles(sc_core::sc_time_stamp() - asked);
  ++contended_grants_;
}

void Resource::release(int n) {
  account();
  in_use_ -= n;
  grantWaiters();
}

void Resource::grantWaiters() {
  while (!queue_.empty() && in_use_ + queue_.front().n <= slots_) {
    in_use_ += queue_.front().n;
    ++grants_;
    queue_.front().granted->notify(sc_core::SC_ZERO_TIME);
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
