#include "search/MpiScorer.h"

#include "search/ScorerAccuracy.h"

namespace autorac::search {

AccuracyAnswer MpiScorer::evaluate(const Candidate& c, const std::string& name) {
  return evaluate(std::vector<Candidate>{c}, std::vector<std::string>{name}).front();
}

std::vector<AccuracyAnswer> MpiScorer::evaluate(const std::vector<Candidate>& cs, const std::vector<std::string>& names) {
  std::vector<nlohmann::json> tasks;
  for (size_t i = 0; i < cs.size(); ++i) tasks.push_back({{"scorer", argv_}, {"arch", scorerRequest(cs[i], names[i])}});
  const auto answers = dispatcher_.run(MpiTag::score, tasks);
  std::vector<AccuracyAnswer> out;
  for (size_t i = 0; i < cs.size(); ++i) {
    if (answers[i]) {
      out.push_back(accuracyFromScorer(*answers[i]));
      continue;
    }
    if (!local_) local_ = std::make_unique<ScorerClient>(argv_);
    out.push_back(accuracyFromScorer(local_->score(tasks[i]["arch"])));
  }
  return out;
}

}  // namespace autorac::search
