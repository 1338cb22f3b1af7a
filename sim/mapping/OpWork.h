#pragma once
// What one op of a trace asks of the hardware per sample, before any placement: its inputs and
// outputs in bits, its matrix-vector products (static or dynamic), its vector-unit operations and its
// embedding gather. One function per op type, documented in docs/mapping.md.
#include "hw/Design.h"
#include "sim/mapping/Mapping.h"
#include "traces/Trace.h"

namespace autorac::sim {

// Fills everything of an OpPlan that does not depend on placement. `stored_bits` of static weights
// is the op's weight_bits (precision-aware) or the widest precision, 16 (naive: slices laid out
// without regard to precision). Producers are resolved by the caller.
OpPlan describeOp(const trace::Trace& trace, size_t index, const hw::Design& design, Strategy strategy);

// Vector-unit operations of reducing `vectors` input vectors' partial sums of `outputs` outputs of an
// MVM: row-block sums and offset correction per output, and, with `input_sum`, the input sum the
// correction needs.
int64_t reductionOps(const hw::MvmGeometry& g, int64_t outputs, bool input_sum, int64_t vectors);

}  // namespace autorac::sim
