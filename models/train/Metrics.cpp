#include "models/train/Metrics.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace autorac::models {

Metrics computeMetrics(const std::vector<float>& p, const std::vector<float>& y) {
  Metrics m;
  const size_t n = std::min(p.size(), y.size());
  m.rows = static_cast<long long>(n);
  if (n == 0) return m;
  const double eps = 1e-7;
  for (size_t i = 0; i < n; ++i)
    if (!std::isfinite(p[i])) {  // a diverged model: report it instead of sorting NaNs
      m.log_loss = std::numeric_limits<double>::quiet_NaN();
      m.auc = std::numeric_limits<double>::quiet_NaN();
      return m;
    }
  double ll = 0, pos = 0;
  for (size_t i = 0; i < n; ++i) {
    const double q = std::clamp(static_cast<double>(p[i]), eps, 1 - eps);
    ll -= y[i] > 0.5 ? std::log(q) : std::log(1 - q);
    pos += y[i] > 0.5;
  }
  m.log_loss = ll / n;
  m.label_rate = pos / n;
  const double r = std::clamp(m.label_rate, eps, 1 - eps);
  m.constant_log_loss = -(r * std::log(r) + (1 - r) * std::log(1 - r));
  const double neg = n - pos;
  if (pos == 0 || neg == 0) return m;
  std::vector<size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&p](size_t a, size_t b) { return p[a] < p[b]; });
  double rank_sum = 0;
  for (size_t i = 0; i < n;) {
    size_t j = i;
    while (j < n && p[order[j]] == p[order[i]]) ++j;
    const double avg_rank = (i + 1 + j) / 2.0;  // 1-based ranks i+1..j
    for (size_t k = i; k < j; ++k)
      if (y[order[k]] > 0.5) rank_sum += avg_rank;
    i = j;
  }
  m.auc = (rank_sum - pos * (pos + 1) / 2) / (pos * neg);
  return m;
}

}  // namespace autorac::models
