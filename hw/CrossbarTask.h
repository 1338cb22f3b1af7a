#pragma once
// What one crossbar is asked to do per input vector: the mapper decides it, the SystemC crossbar and
// the analytical model both time it.
#include <cstdint>

namespace autorac::hw {

struct CrossbarTask {
  int input_slices = 1;  // S
  int64_t rows_used = 0;
  int64_t cols_used = 0;
};

}  // namespace autorac::hw
