#pragma once
// Binary-classification metrics on predicted click probabilities: (weighted) log loss and ROC AUC
// (rank-based, ties counted as one half).
#include <vector>

namespace autorac::models {

struct Metrics {
  double log_loss = 0;
  double auc = 0.5;
  double label_rate = 0;
  double constant_log_loss = 0;  // log loss of always predicting label_rate (the baseline to beat)
  long long rows = 0;
};

Metrics computeMetrics(const std::vector<float>& probability, const std::vector<float>& label);

}  // namespace autorac::models
