#pragma once
// Accuracy from the long-lived scorer (`autorac score`, ScorerClient): the request for one candidate
// and the reading of its answer, shared by the local evaluator below and the MPI one (MpiScorer).
#include <nlohmann/json.hpp>

#include "search/ScorerClient.h"
#include "search/Study.h"

namespace autorac::search {

nlohmann::json scorerRequest(const Candidate& c, const std::string& name);
AccuracyAnswer accuracyFromScorer(const nlohmann::json& answer);

// One scorer process on this machine; it also exports the trace the simulation runs.
class ScorerAccuracy : public AccuracyEvaluator {
public:
  explicit ScorerAccuracy(ScorerClient& client) : client_(client) {}
  using AccuracyEvaluator::evaluate;
  AccuracyAnswer evaluate(const Candidate& c, const std::string& name) override {
    return accuracyFromScorer(client_.score(scorerRequest(c, name)));
  }

private:
  ScorerClient& client_;
};

}  // namespace autorac::search
