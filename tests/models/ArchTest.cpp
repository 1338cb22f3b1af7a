#include <gtest/gtest.h>

#include <cmath>
#include <fstream>

#include "models/space/Arch.h"
#include "models/space/SearchSpace.h"
#include "traces/InputError.h"

using namespace autorac::models;

TEST(Arch, JsonRoundTripOfRandomArchitectures) {
  SearchSpace space;
  std::mt19937_64 rng(5);
  for (int i = 0; i < 50; ++i) {
    Arch a = space.sample(rng);
    Arch b = Arch::fromJson(a.toJson(), "mem");
    EXPECT_EQ(a.toJson(), b.toJson());
    EXPECT_TRUE(space.contains(b));
    EXPECT_EQ(a.blocks.size(), 7u);
  }
}

TEST(Arch, ErrorsNameBlockAndField) {
  SearchSpace space;
  std::mt19937_64 rng(1);
  auto j = space.sample(rng).toJson();
  j["blocks"][2]["dense"]["weight_bits"] = 3;
  try {
    Arch::fromJson(j, "a.json");
    FAIL();
  } catch (const autorac::InputError& e) {
    EXPECT_EQ(e.file(), "a.json");
    EXPECT_EQ(e.where(), "block 3, field 'dense'");
  }
  j = space.sample(rng).toJson();
  j["blocks"][1]["dense_inputs"] = {0, 2};
  EXPECT_THROW(Arch::fromJson(j, "a.json"), autorac::InputError);
  j = space.sample(rng).toJson();
  j["blocks"][0]["sparse"]["op"] = "conv";
  EXPECT_THROW(Arch::fromJson(j, "a.json"), autorac::InputError);
}

// Found by fuzz/arch_fuzz: an input index beyond int was read as get<int>() and wrapped (2^32 + 1 -> 1);
// a number beyond a double escaped Arch::load as nlohmann's out_of_range.
TEST(Arch, FuzzFindingsAreInputErrors) {
  SearchSpace space;
  std::mt19937_64 rng(2);
  auto j = space.sample(rng).toJson();
  j["blocks"][2]["dense_inputs"] = {int64_t{4294967297}};
  EXPECT_THROW(Arch::fromJson(j, "a.json"), autorac::InputError);
  const std::string path = ::testing::TempDir() + "arch_overflow.json";
  std::ofstream(path) << R"({"blocks": 1e400})";
  EXPECT_THROW(Arch::load(path), autorac::InputError);
}

TEST(SearchSpace, SizeExceeds10To54) {
  SearchSpace space;
  EXPECT_GT(space.log10Size(), 54.0);
  // One block with one input choice: 4 dense * 2 sparse * 16 * 16 precisions * 8 widths * 4 tokens
  // * (1 + 16) merge * 2 FM, times the head's 16 precisions.
  SpaceConfig one;
  one.blocks = 1;
  const double expected = std::log10(4.0 * 2 * 256 * 8 * 4 * 17 * 2 * 16);
  EXPECT_NEAR(SearchSpace(one).log10Size(), expected, 1e-9);
}
