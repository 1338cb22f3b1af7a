#pragma once
// What lives in a tile's eDRAM (HARDWARE.md §4), planned once the ops have their homes: the embedding
// tables placed there, one sample of each input an op moves in from another tile or gathers from its
// own table, and, a number of samples deep, each homed op's output buffer, its rows prefetched from
// off-chip DRAM and its graph inputs; and the partial sums drained to the tile's reducers, awaiting
// their reduction: one sample's for an op that works a sample at a time, a number of samples deep for a
// pipelined op. The room left after tables and single samples is shared so that every deep buffer on
// the tile holds the same number of samples (OpPlan::edram_samples at an op's home,
// OpPlan::psum_edram_samples at the fewest of its reducers'); the output buffer depth, the prefetch
// depths and the partial sums' depth are at most that (sim/analytical/StageCosts).
#include <cstddef>
#include <optional>
#include <string>

#include "sim/mapping/Mapping.h"
#include "traces/Trace.h"

namespace autorac::sim {

// Sets every op's edram_samples and psum_edram_samples. Throws InputError, naming edram.bytes, the
// tile, what it keeps and the bits they need, when a tile's eDRAM cannot hold even one sample of its deep buffers.
void planEdram(const trace::Trace& t, const hw::Design& d, Mapping& m);
// planEdram without the throw: the reason a tile's eDRAM is too small (and nothing changed), or
// nullopt with every op's depths set. The mapper tries moves of an op's home with it.
std::optional<std::string> tryPlanEdram(const hw::Design& d, Mapping& m);
// One more sample for every deep buffer of op `op` (its output buffer, prefetches and input buffers at
// home, its partial sums at its reducers), if the room every tile concerned has left holds it; returns
// whether it did. Run after the plan,
// it lets the buffers that bound a loop (sim/analytical/BufferLoops) hold more than the tile's share.
bool deepenBuffers(const hw::Design& d, Mapping& m, size_t op);

}  // namespace autorac::sim
