#pragma once
// Regularised evolution (Real et al., AAAI 2019), as NASRec runs it: a population of the most recent
// candidates; each child is a one-choice mutation of the best of a random sample of the population;
// a generation's children replace the oldest members (ageing). Ask/tell (Timeloop's Next/Report): the
// caller evaluates what ask() returns and reports it with tell(); a failed candidate is a result with
// a status, and never wins a tournament (tournaments draw from the valid members only). Seeded: the same seed and results give the same history.
#include <cstdint>
#include <deque>
#include <functional>
#include <random>
#include <vector>

#include "search/Candidate.h"
#include "search/JointSpace.h"

namespace autorac::search {

struct EvolutionOptions {
  int population = 16;   // NASRec: 128
  int sample = 4;        // tournament size; NASRec: 64
  int children = 4;      // per generation; NASRec: 8
  int generations = 8;   // after the initial population; NASRec: 240
  uint64_t seed = 1;
  int total() const { return population + children * generations; }
};

class Evolution {
public:
  // `fitness` maps a told result to a value to minimise (+inf for a failed candidate).
  Evolution(const JointSpace& space, EvolutionOptions options, std::function<double(const Result&)> fitness);
  bool done() const { return generation_ > options_.generations; }
  int generation() const { return generation_; }  // of the batch ask() returns next: 0 = the initial population
  // The next generation's candidates (the initial population first).
  std::vector<Candidate> ask();
  void tell(const std::vector<Candidate>& asked, const std::vector<Result>& results);

private:
  struct Member {
    Candidate candidate;
    double fitness;
  };
  const JointSpace& space_;
  EvolutionOptions options_;
  std::function<double(const Result&)> fitness_;
  std::mt19937_64 rng_;
  std::deque<Member> population_;  // oldest first
  int generation_ = 0;
};

}  // namespace autorac::search
