#include "search/MpiScorer.h"

#include "search/ScorerAccuracy.h"

namespace autorac::search {

AccuracyAnswer MpiScorer::evaluate(const Candidate& c, const std::string& name) {
  AccuracyAnswer out;
  evaluate(std::vector<Candidate>{c}, std::vector<std::string>{name}, [&](size_t, const AccuracyAnswer& a) { out = a; });
  return out;
}

void MpiScorer::evaluate(const std::vector<Candidate>& cs, const std::vector<std::string>& names, const OnAnswer& on_answer) {
  std::vector<nlohmann::json> tasks;
  for (size_t i = 0; i < cs.size(); ++i) tasks.push_back({{"scorer", argv_}, {"arch", scorerRequest(cs[i], names[i])}});
  const auto answers = dispatcher_.run(MpiTag::score, tasks);
  for (size_t i = 0; i < cs.size(); ++i) {
    if (answers[i]) {
      on_answer(i, accuracyFromScorer(*answers[i]));
      continue;
    }
    if (!local_) local_ = std::make_unique<ScorerClient>(argv_);
    on_answer(i, accuracyFromScorer(local_->score(tasks[i]["arch"])));
  }
}

}  // namespace autorac::search
