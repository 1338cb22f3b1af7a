#pragma once
// One mesh router's cycle behaviour, in plain C++: five input buffers, wormhole output ownership,
// credits and round-robin switch allocation (docs/noc.md). MeshCore wires many of them into a mesh;
// the RTL harness (tests/rtl/NocRouterTest.cpp) drives one alone beside rtl/noc_router.sv.
//
// Timing (cycles; R = router_cycles): a flit that entered an input buffer in cycle a is ready to
// leave from cycle a + R. In cycle t, allocate() first takes every credit returned for use by t, then
// lets each output serve one asking input: the input whose packet holds the output (wormhole), or
// else the first input in round-robin order whose front flit is a ready head routed to it; outputs
// other than kLocal only with a credit. depart() then moves the granted flits. The caller does what
// happens beyond the router: links, the upstream credit, ejection.
#include <cstdint>
#include <deque>
#include <vector>

#include "hw/noc/MeshTopology.h"
#include "hw/noc/RouterModel.h"

namespace autorac::hw::noc {

class Router final : public RouterModel {
public:
  // buffer_flits = B (input depth, and the credits of each output), router_cycles = R.
  Router(int buffer_flits, int router_cycles);

  // RouterModel's calls (hw/noc/RouterModel.h), with the timing above.
  void accept(int in, Flit f, int64_t entered) override;
  bool full(int in) const override { return in_[in].full(); }
  bool empty(int in) const override { return in_[in].empty(); }
  int occupancy(int in) const override { return in_[in].size(); }
  const Flit& front(int in) const override { return in_[in].front(); }
  void returnCredit(int out, int64_t usable) override { out_[out].credit_returns.push_back(usable); }
  void allocate(int64_t t, int grant[kPorts]) override;
  Flit depart(int in, int out) override;

  int routerCycles() const { return router_cycles_; }

private:
  // A ring of flits holding at most `capacity`. Its storage grows with the flits actually buffered, not
  // with the capacity: a deep buffer_flits costs memory only where traffic fills it.
  class Fifo {
  public:
    void reset(int capacity);
    bool empty() const { return size_ == 0; }
    int size() const { return size_; }
    bool full() const { return size_ == capacity_; }
    const Flit& front() const { return slots_[head_]; }
    void push(const Flit& f);
    void pop();
  private:
    void grow();
    std::vector<Flit> slots_;
    size_t head_ = 0;
    int size_ = 0, capacity_ = 0;
  };
  struct Output {
    int owner = -1;  // input holding this output (wormhole), -1 = free
    int rr = 0;      // round-robin pointer: the input considered first
    int credits = 0;
    std::deque<int64_t> credit_returns;  // cycles at which credits in flight become usable
  };

  int router_cycles_;
  Fifo in_[kPorts];
  Output out_[kPorts];
  int holding_[kPorts] = {-1, -1, -1, -1, -1};  // output held by the packet at each input (after its head left)
};

}  // namespace autorac::hw::noc
