#pragma once
// Layer 2 of the router harness (docs/rtl.md): the bus-functional driver of rtl/noc_router.sv, shared by
// the lock-step harness (tests/rtl) and the mixed-level chip (cosim/RtlRouter, pimsim --rtl router).
// cycle() is one cycle: it writes the given flits into the input buffers and the given credit pulses,
// and reports what the router showed in that cycle (the flits leaving each output, the inputs that
// freed a slot, which inputs could take a flit). observe() is the same without ending the cycle: the
// router's outputs depend on its registers only, so a caller may observe a cycle before it knows all
// of that cycle's inputs, and observe it again with them before tick(). No expectations here.
#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "rtl/drivers/TestBench.h"

namespace autorac::rtl {

// One flit on a port: head/tail and FLIT_BITS of data, as 32-bit words (LSB first).
struct NocBeat {
  bool head = false, tail = false;
  std::vector<uint32_t> data;
  bool operator==(const NocBeat& o) const { return head == o.head && tail == o.tail && data == o.data; }
};

struct NocObserved {
  std::array<std::optional<NocBeat>, 5> out;  // per output: the flit leaving this cycle
  unsigned credit_out = 0;                     // bit i: input i freed a slot this cycle
  unsigned in_ready = 0;                       // bit i: a flit written this cycle fits
};

template <class Model, class Params>
class NocRouterDriver {
  static constexpr int kWords = (Params::FLIT_BITS + 31) / 32;
  static_assert(Params::FLIT_BITS % 32 == 0, "the harness moves flit data in whole 32-bit words");

public:
  NocRouterDriver(TestBench<Model>& tb, int x, int y) : tb_(tb) {
    tb_.io().my_x = x;
    tb_.io().my_y = y;
  }
  static int words() { return kWords; }
  // Word 0 of a flit names it; a head's also carries its destination router, where
  // rtl/noc_router.sv reads it (x in the low COORD_BITS, y above): packet's low 16 bits in [31:16],
  // then the destination (head) or the flit's sequence number (body, tail) in [15:0].
  static uint32_t nameWord(uint32_t packet, uint32_t seq, int dst_x, int dst_y) {
    static_assert(2 * Params::COORD_BITS <= 16, "a head's destination must fit below the packet name");
    const uint32_t low = seq == 0 ? uint32_t(dst_x) | uint32_t(dst_y) << Params::COORD_BITS : seq & 0xffffu;
    return (packet & 0xffffu) << 16 | low;
  }

  NocObserved cycle(const std::array<std::optional<NocBeat>, 5>& in, unsigned credit_in) {
    const NocObserved seen = observe(in, credit_in);
    tick();
    return seen;
  }
  void tick() { tb_.tick(); }

  NocObserved observe(const std::array<std::optional<NocBeat>, 5>& in, unsigned credit_in) {
    auto& io = tb_.io();
    unsigned valid = 0, head = 0, tail = 0;
    for (int p = 0; p < 5; ++p) {
      for (int w = 0; w < kWords; ++w) io.in_data[p * kWords + w] = in[p] ? in[p]->data.at(w) : 0;
      if (!in[p]) continue;
      valid |= 1u << p;
      head |= unsigned(in[p]->head) << p;
      tail |= unsigned(in[p]->tail) << p;
    }
    io.in_valid = valid;
    io.in_head = head;
    io.in_tail = tail;
    io.credit_in = credit_in;
    tb_.settle();
    NocObserved seen;
    seen.credit_out = io.credit_out;
    seen.in_ready = io.in_ready;
    for (int o = 0; o < 5; ++o) {
      if (!((io.out_valid >> o) & 1)) continue;
      NocBeat b;
      b.head = (io.out_head >> o) & 1;
      b.tail = (io.out_tail >> o) & 1;
      for (int w = 0; w < kWords; ++w) b.data.push_back(io.out_data[o * kWords + w]);
      seen.out[o] = b;
    }
    return seen;
  }

private:
  TestBench<Model>& tb_;
};

}  // namespace autorac::rtl
