// Regularised evolution over the real joint space: seeded and reproducible, children are one-choice
// mutations of tournament winners, failed candidates never win, and the population ages.
#include <gtest/gtest.h>

#include <limits>
#include <set>

#include "search/Evolution.h"

namespace autorac::search {
namespace {

// A fitness that depends on the candidate (smaller crossbars and fewer blocks' width are better),
// so that tournaments have something to choose; failed candidates carry +inf.
Result resultFor(const Candidate& c, bool fail) {
  Result r;
  if (fail) {
    r.status = "failed";
    r.reason = "test";
    return r;
  }
  r.log_loss = 0.5 + c.hw.rows * 1e-4 + c.arch.blocks[0].width * 1e-5;
  return r;
}

std::vector<std::string> history(uint64_t seed, int fail_every = 0) {
  JointSpace space(models::SpaceConfig::tiny());
  EvolutionOptions o;
  o.population = 8, o.sample = 3, o.children = 4, o.generations = 5, o.seed = seed;
  Evolution evo(space, o, [](const Result& r) { return r.ok() ? r.log_loss : std::numeric_limits<double>::infinity(); });
  std::vector<std::string> keys;
  int n = 0;
  while (!evo.done()) {
    const auto asked = evo.ask();
    std::vector<Result> results;
    for (const auto& c : asked) {
      keys.push_back(c.key());
      results.push_back(resultFor(c, fail_every && ++n % fail_every == 0));
    }
    evo.tell(asked, results);
  }
  return keys;
}

int hardwareDifferences(const Candidate& a, const Candidate& b) {
  const auto p = a.toJson()["hw"], q = b.toJson()["hw"];
  int changed = 0;
  for (auto it = p.begin(); it != p.end(); ++it) changed += q[it.key()] != it.value();
  return changed;
}

TEST(Evolution, TheSameSeedGivesTheSameHistoryAndAnotherSeedAnother) {
  const auto a = history(7), b = history(7), c = history(8);
  EXPECT_EQ(a.size(), 8u + 4u * 5u);
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
}

TEST(Evolution, ChildrenAreOneChoiceMutationsOfThePopulation) {
  JointSpace space(models::SpaceConfig::tiny());
  std::mt19937_64 rng(3);
  for (int i = 0; i < 200; ++i) {
    const Candidate parent = space.sample(rng);
    const Candidate child = space.mutate(parent, rng);
    EXPECT_NE(parent.key(), child.key());
    EXPECT_TRUE(space.model().contains(child.arch));
    // Exactly one hardware knob or only the architecture changed.
    const int changed = hardwareDifferences(parent, child);
    if (changed == 0) EXPECT_NE(parent.toJson()["arch"], child.toJson()["arch"]);
    else EXPECT_EQ(changed, 1);
  }
}

TEST(Evolution, FailedCandidatesNeverWinATournament) {
  // All of the initial population fails but one: every child must then descend from that one (at most
  // one hardware knob apart from it; random samples differ in most of the seven).
  JointSpace space(models::SpaceConfig::tiny());
  EvolutionOptions o;
  o.population = 8, o.sample = 4, o.children = 30, o.generations = 1, o.seed = 2;
  Evolution evo(space, o, [](const Result& r) { return r.ok() ? r.log_loss : std::numeric_limits<double>::infinity(); });
  const auto initial = evo.ask();
  std::vector<Result> results;
  for (size_t i = 0; i < initial.size(); ++i) results.push_back(resultFor(initial[i], i != 5));
  evo.tell(initial, results);
  const auto children = evo.ask();
  ASSERT_EQ(children.size(), 30u);
  for (const auto& c : children) EXPECT_LE(hardwareDifferences(c, initial[5]), 1) << c.key();
  EXPECT_EQ(history(5, 3).size(), 8u + 4u * 5u);  // a search with failures runs to its end
}

TEST(Evolution, RejectsATournamentLargerThanThePopulation) {
  JointSpace space(models::SpaceConfig::tiny());
  EvolutionOptions o;
  o.population = 4, o.sample = 5;
  EXPECT_THROW(Evolution(space, o, [](const Result&) { return 0.0; }), std::invalid_argument);
}

TEST(JointSpace, LosslessAdcBitsHoldAFullColumn) {
  // 128 rows of 2-bit cells under 1-bit inputs: up to 384, 9 bits; 256 rows of 4-bit cells: 3840, 12.
  HardwareChoice h;
  h.rows = 128, h.cell_bits = 2;
  EXPECT_EQ(losslessAdcBits(h), 9);
  h.rows = 256, h.cell_bits = 4;
  EXPECT_EQ(losslessAdcBits(h), 12);
}

}  // namespace
}  // namespace autorac::search
