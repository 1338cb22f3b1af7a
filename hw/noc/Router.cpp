#include "hw/noc/Router.h"

#include <algorithm>
#include <stdexcept>

namespace autorac::hw::noc {

void Router::Fifo::reset(int capacity) {
  capacity_ = capacity;
  slots_.clear();
  head_ = 0;
  size_ = 0;
}

void Router::Fifo::grow() {
  const size_t n = slots_.size(), bigger = std::min<size_t>(size_t(capacity_), std::max<size_t>(4, 2 * n));
  std::vector<Flit> s;
  s.reserve(bigger);
  for (size_t k = 0; k < size_t(size_); ++k) s.push_back(slots_[(head_ + k) % n]);
  s.resize(bigger);
  slots_ = std::move(s);
  head_ = 0;
}

void Router::Fifo::push(const Flit& f) {
  if (full()) throw std::logic_error("mesh: input buffer overflow (credit accounting broken)");
  if (size_t(size_) == slots_.size()) grow();
  slots_[(head_ + size_t(size_)) % slots_.size()] = f;
  ++size_;
}

void Router::Fifo::pop() {
  head_ = (head_ + 1) % slots_.size();
  --size_;
}

Router::Router(int buffer_flits, int router_cycles) : router_cycles_(router_cycles) {
  if (buffer_flits < 1 || router_cycles < 1)
    throw std::invalid_argument("router: buffer_flits and router_cycles must be at least 1");
  for (int p = 0; p < kPorts; ++p) {
    in_[p].reset(buffer_flits);
    out_[p].credits = buffer_flits;
  }
}

void Router::accept(int in, Flit f, int64_t entered) {
  f.ready = entered + router_cycles_;
  in_[in].push(f);
}

void Router::allocate(int64_t t, int grant[kPorts]) {
  // Each input asks for one output: the one its front flit needs, if that flit is ready.
  int want[kPorts];
  for (int i = 0; i < kPorts; ++i) {
    const Fifo& f = in_[i];
    want[i] = -1;
    if (f.empty() || f.front().ready > t) continue;
    want[i] = f.front().seq == 0 ? f.front().route : holding_[i];
  }
  // Each output then serves one asking input: the packet holding it (wormhole), or else the next head
  // in round-robin order; only with a credit for the slot downstream.
  for (int o = 0; o < kPorts; ++o) {
    grant[o] = -1;
    Output& out = out_[o];
    while (!out.credit_returns.empty() && out.credit_returns.front() <= t) {
      ++out.credits;
      out.credit_returns.pop_front();
    }
    if (o != kLocal && out.credits == 0) continue;  // the NI sinks a flit per cycle: ejection needs no credit
    if (out.owner >= 0) {
      if (want[out.owner] == o) grant[o] = out.owner;
      continue;
    }
    for (int k = 0; k < kPorts; ++k) {
      const int i = (out.rr + k) % kPorts;
      if (want[i] == o && in_[i].front().seq == 0) {
        grant[o] = i;
        break;
      }
    }
  }
}

Flit Router::depart(int in, int o) {
  const Flit f = in_[in].front();
  in_[in].pop();
  Output& out = out_[o];
  if (f.tail) {
    out.owner = -1;
    out.rr = (in + 1) % kPorts;
  } else {
    out.owner = in;
    holding_[in] = o;
  }
  if (o != kLocal) --out.credits;
  return f;
}

}  // namespace autorac::hw::noc
