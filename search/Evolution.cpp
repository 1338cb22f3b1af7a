#include "search/Evolution.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

namespace autorac::search {

Evolution::Evolution(const JointSpace& space, EvolutionOptions options, std::function<double(const Result&)> fitness)
    : space_(space), options_(options), fitness_(std::move(fitness)), rng_(options.seed) {
  if (options_.population < 1 || options_.sample < 1 || options_.sample > options_.population || options_.children < 1 ||
      options_.generations < 0)
    throw std::invalid_argument("evolution: need population >= sample >= 1, children >= 1, generations >= 0");
}

std::vector<Candidate> Evolution::ask() {
  std::vector<Candidate> out;
  if (generation_ == 0) {
    for (int i = 0; i < options_.population; ++i) out.push_back(space_.sample(rng_));
    return out;
  }
  // Tournaments draw from the valid members only: a failed candidate never wins one. With no valid
  // member at all, a child is a fresh sample of the space.
  std::vector<size_t> index;
  for (size_t i = 0; i < population_.size(); ++i)
    if (std::isfinite(population_[i].fitness)) index.push_back(i);
  const int tournament = std::min<int>(options_.sample, int(index.size()));
  for (int c = 0; c < options_.children; ++c) {
    if (tournament == 0) {
      out.push_back(space_.sample(rng_));
      continue;
    }
    // The fittest of `sample` valid members drawn without replacement (ties: the older).
    std::shuffle(index.begin(), index.end(), rng_);
    size_t best = index[0];
    for (int k = 1; k < tournament; ++k) {
      const size_t i = index[size_t(k)];
      if (population_[i].fitness < population_[best].fitness || (population_[i].fitness == population_[best].fitness && i < best))
        best = i;
    }
    out.push_back(space_.mutate(population_[best].candidate, rng_));
  }
  return out;
}

void Evolution::tell(const std::vector<Candidate>& asked, const std::vector<Result>& results) {
  if (asked.size() != results.size()) throw std::invalid_argument("evolution: one result per asked candidate");
  for (size_t i = 0; i < asked.size(); ++i) population_.push_back({asked[i], fitness_(results[i])});
  while (int(population_.size()) > options_.population) population_.pop_front();  // ageing
  ++generation_;
}

}  // namespace autorac::search
