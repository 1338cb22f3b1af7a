#pragma once
// What one crossbar is asked to do per input vector: the mapper decides it, the SystemC crossbar and
// the analytical model both time it.
#include <cstdint>

namespace autorac::hw {

struct CrossbarTask {
  int input_slices = 1;  // S
  int64_t rows_used = 0;
  int64_t cols_used = 0;
  // Bits of one vector's results that the S+A writes into the PE's output register, where they stay
  // until the drain has moved them onto the tile bus (0: nothing held there, as in unit tests of the
  // crossbar alone).
  int64_t output_bits = 0;
};

}  // namespace autorac::hw
