#pragma once
// Whole-graph checks of a parsed trace, the ones a single op cannot make alone: unique ids, edges to
// earlier ops or declared graph inputs (topological order), matching widths along every edge, graph
// inputs that fit the act_bits of the ops reading them.
#include "traces/Trace.h"

namespace autorac::trace {

// Throws autorac::InputError (file = t.source) naming the op and the field at fault.
void validateGraph(const Trace& t);

}  // namespace autorac::trace
