#include "search/ScorerAccuracy.h"

namespace autorac::search {

nlohmann::json scorerRequest(const Candidate& c, const std::string& name) {
  nlohmann::json arch = c.arch.toJson();
  arch["name"] = name;  // the name of its exported trace
  return arch;
}

AccuracyAnswer accuracyFromScorer(const nlohmann::json& j) {
  AccuracyAnswer a;
  a.status = j.value("status", "failed");
  a.reason = j.value("reason", "");
  if (a.status == "ok") {
    a.log_loss = j.at("log_loss");
    a.auc = j.at("auc");
    a.seconds = j.at("seconds");
    a.trace = j.at("trace");
  }
  return a;
}

}  // namespace autorac::search
