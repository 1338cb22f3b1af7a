#pragma once
// What the search optimises. Four objectives, all minimised: log loss, latency per sample, energy per
// inference and chip area; the Pareto front keeps every valid candidate no other beats on all four.
// One winner comes from a scalarised objective, NASRec's latency-aware form extended to the costs:
// log loss + penalty × Σ max(0, cost / target − 1) over the costs that have a target.
#include <vector>

#include "search/Candidate.h"

namespace autorac::search {

struct Targets {
  double latency_ns = 0, energy_nj = 0, area_mm2 = 0;  // 0 = no target for that cost
  double penalty = 0.1;                                // log-loss units per 100 % above a target
};

struct Costs {
  double log_loss, latency_ns, energy_nj, area_mm2;
};

// Per sample at the simulated batch: latency = time / batch, energy = energy / batch.
Costs costsOf(const Result& r, int batch);
// Analytical twin's latency and energy in the same units (area is the same for both).
Costs analyticalCostsOf(const Result& r, int batch);
// +infinity for a failed candidate.
double scalarised(const Costs& c, const Targets& t);
// Kendall's tau-b between two equally long series (ties counted as in tau-b); 0 when undefined.
double kendallTau(const std::vector<double>& a, const std::vector<double>& b);
// Indices of the non-dominated entries.
std::vector<size_t> paretoFront(const std::vector<Costs>& costs);

}  // namespace autorac::search
