#pragma once
// How many samples of a batch one stage has finished, with an event for those waiting on it: the
// handshake between a producer and its consumers (and between a consumer and a loader it throttles).
#include <cstdint>

#include <systemc>

namespace autorac::sim {

struct SampleProgress {
  uint64_t done = 0;
  sc_core::sc_event advanced;

  void finishOne() {
    ++done;
    advanced.notify(sc_core::SC_ZERO_TIME);
  }
  // Blocks the calling thread until at least `n` samples are done.
  void waitUntil(uint64_t n) {
    while (done < n) sc_core::wait(advanced);
  }
};

}  // namespace autorac::sim
