#pragma once
// Layer 2 of the link harness (docs/rtl.md): the bus-functional driver of rtl/noc_link.sv, one
// direction of a mesh link. The router harness (tests/rtl/NocLockStep.h) puts one on each mesh output
// of the router under test: the router's flits go in upstream and come out downstream, the downstream
// buffer's credits go in downstream and come out upstream. A cycle has two halves, because a link of
// one cycle is wires: first the credit the downstream sends (what reaches the router this cycle comes
// back), then the flit the router sends (what reaches the downstream this cycle comes back); tick()
// ends the cycle. No expectations here.
#include <cstdint>
#include <optional>
#include <type_traits>

#include "rtl/drivers/NocRouterDriver.h"
#include "rtl/drivers/TestBench.h"

namespace autorac::rtl {

template <class Model, class Params>
class NocLinkDriver {
  static constexpr int kWords = (Params::FLIT_BITS + 31) / 32;

public:
  explicit NocLinkDriver(TestBench<Model>& tb) : tb_(tb) {}

  // The downstream's credit pulse of this cycle in; the credit reaching the upstream router out.
  bool credit(bool down_credit) {
    tb_.io().down_credit = down_credit;
    tb_.settle();
    return tb_.io().up_credit;
  }
  // The flit the upstream router sends this cycle in; the flit reaching the downstream out.
  std::optional<NocBeat> flit(const std::optional<NocBeat>& up) {
    auto& io = tb_.io();
    io.up_valid = up.has_value();
    io.up_head = up && up->head;
    io.up_tail = up && up->tail;
    for (int w = 0; w < kWords; ++w) words(io.up_data)[w] = up ? up->data.at(size_t(w)) : 0;
    tb_.settle();
    if (!io.down_valid) return std::nullopt;
    NocBeat b;
    b.head = io.down_head;
    b.tail = io.down_tail;
    for (int w = 0; w < kWords; ++w) b.data.push_back(words(io.down_data)[w]);
    return b;
  }
  void tick() { tb_.tick(); }

private:
  // Verilator keeps a flit of up to 64 bits in an integer, a wider one in an array of 32-bit words.
  template <class T>
  static auto words(T& port) {
    if constexpr (std::is_integral_v<std::remove_reference_t<T>>) return reinterpret_cast<uint32_t*>(&port);
    else return &port[0];
  }
  TestBench<Model>& tb_;
};

}  // namespace autorac::rtl
