#include "search/Objective.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace autorac::search {

Costs costsOf(const Result& r, int batch) {
  return {r.log_loss, r.time_ns / batch, r.energy_pj * 1e-3 / batch, r.area_mm2};
}

Costs analyticalCostsOf(const Result& r, int batch) {
  // The analytical time follows the measured one by the cycle ratio (same clock).
  const double time_ns = r.cycles > 0 ? r.time_ns * r.analytical_cycles / r.cycles : 0;
  return {r.log_loss, time_ns / batch, r.analytical_energy_pj * 1e-3 / batch, r.area_mm2};
}

double scalarised(const Costs& c, const Targets& t) {
  auto excess = [](double cost, double target) { return target > 0 ? std::max(0.0, cost / target - 1) : 0.0; };
  return c.log_loss +
         t.penalty * (excess(c.latency_ns, t.latency_ns) + excess(c.energy_nj, t.energy_nj) + excess(c.area_mm2, t.area_mm2));
}

double kendallTau(const std::vector<double>& a, const std::vector<double>& b) {
  double concordant = 0, discordant = 0, ties_a = 0, ties_b = 0;
  for (size_t i = 0; i < a.size(); ++i)
    for (size_t j = i + 1; j < a.size(); ++j) {
      const double da = a[i] - a[j], db = b[i] - b[j];
      if (da == 0 && db == 0) continue;
      if (da == 0) ties_a += 1;
      else if (db == 0) ties_b += 1;
      else if ((da > 0) == (db > 0)) concordant += 1;
      else discordant += 1;
    }
  const double n = concordant + discordant;
  const double denom = std::sqrt((n + ties_a) * (n + ties_b));
  return denom > 0 ? (concordant - discordant) / denom : 0.0;
}

std::vector<size_t> paretoFront(const std::vector<Costs>& costs) {
  auto dominates = [](const Costs& a, const Costs& b) {
    const bool no_worse = a.log_loss <= b.log_loss && a.latency_ns <= b.latency_ns && a.energy_nj <= b.energy_nj &&
                          a.area_mm2 <= b.area_mm2;
    const bool better = a.log_loss < b.log_loss || a.latency_ns < b.latency_ns || a.energy_nj < b.energy_nj ||
                        a.area_mm2 < b.area_mm2;
    return no_worse && better;
  };
  std::vector<size_t> front;
  for (size_t i = 0; i < costs.size(); ++i) {
    bool dominated = false;
    for (size_t j = 0; j < costs.size() && !dominated; ++j) dominated = j != i && dominates(costs[j], costs[i]);
    if (!dominated) front.push_back(i);
  }
  return front;
}

}  // namespace autorac::search
