#pragma once
// The co-search study (issue 9): regularised evolution over the joint space, each candidate scored by
// the supernet (accuracy) and simulated cycle by cycle (measured cost), every result in the database
// as it finishes, and a report of the Pareto front, the winner, and what the analytical twin would
// have chosen instead.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "search/CostEvaluator.h"
#include "search/Evolution.h"
#include "search/JointSpace.h"
#include "search/Objective.h"

namespace autorac::search {

// Accuracy (and the trace the cost evaluator simulates) of one candidate's architecture.
struct AccuracyAnswer {
  std::string status = "ok", reason;
  double log_loss = 0, auc = 0, seconds = 0;
  std::string trace;
};
class AccuracyEvaluator {
public:
  using OnAnswer = std::function<void(size_t index, const AccuracyAnswer& answer)>;
  virtual ~AccuracyEvaluator() = default;
  virtual AccuracyAnswer evaluate(const Candidate& c, const std::string& name) = 0;
  // A generation's candidates, each answer handed on as soon as it is in, so that its simulation can
  // start while the next candidate is scored. One at a time unless the evaluator spreads them (the MPI
  // backend scores on every rank and answers when all are in).
  virtual void evaluate(const std::vector<Candidate>& cs, const std::vector<std::string>& names, const OnAnswer& on_answer) {
    for (size_t i = 0; i < cs.size(); ++i) on_answer(i, evaluate(cs[i], names[i]));
  }
};

struct StudyOptions {
  EvolutionOptions evolution;
  Targets targets;         // a 0 target: the median of the initial population's valid candidates
  std::string db = "search.db";
  std::string out = "search";  // folder for traces, reports and the study report
  bool progress = true;
  bool analytical_costs = false;  // --cost analytical: the search optimises the analytical twin's figures
                                  // (pimsim still measures each candidate, so the report can say what
                                  // the analytical choice costs once measured)
  nlohmann::json context = nlohmann::json::object();  // data, space, supernet, policies: stored with the settings
};

class Study {
public:
  Study(const JointSpace& space, StudyOptions options, AccuracyEvaluator& accuracy, CostEvaluator& cost);
  // Runs (or resumes) the search; returns the study report (also written to <out>/study.json and .txt).
  nlohmann::json run();
  static std::string reportText(const nlohmann::json& report);

private:
  nlohmann::json settings() const;
  const JointSpace& space_;
  StudyOptions options_;
  AccuracyEvaluator& accuracy_;
  CostEvaluator& cost_;
};

}  // namespace autorac::search
