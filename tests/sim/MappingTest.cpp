// The naive mapper: crossbar counts per HARDWARE.md §2, placement in order, and the too-large error.
#include <gtest/gtest.h>

#include "sim/design/DesignLoader.h"
#include "sim/mapping/Mapping.h"
#include "traces/InputError.h"
#include "traces/TraceReader.h"

namespace autorac::sim {
namespace {

const std::string kExamples = std::string(AUTORAC_SOURCE_DIR) + "/traces/examples/";

TEST(OptimizedMapping, MlpCrossbarCountsFollowTheGeometry) {
  const auto t = trace::readTrace(kExamples + "mlp_512_256_128_1.json");
  const auto d = loadDesign("isaac").design;
  const Mapping m = mapTrace(t, d, Strategy::Optimized);
  ASSERT_EQ(m.ops.size(), 3u);
  // 8-bit weights in 2-bit cells: 4 columns per weight. 512x256 -> 4 row blocks x 8 column blocks.
  EXPECT_EQ(m.ops[0].groups[0][0].crossbars.size(), 32u);
  EXPECT_EQ(m.ops[1].groups[0][0].crossbars.size(), 8u);
  EXPECT_EQ(m.ops[2].groups[0][0].crossbars.size(), 1u);
  EXPECT_EQ(m.ops[1].producers, std::vector<int>{0});
  EXPECT_EQ(m.ops[0].producers, std::vector<int>{-1});
  EXPECT_EQ(m.ops[0].input_ids, std::vector<std::string>{"x"});
  EXPECT_EQ(m.ops[2].consumers.size(), 0u);
  // Replicas are whole copies.
  for (const auto& op : m.ops)
    for (const auto& r : op.groups[0]) EXPECT_EQ(r.crossbars.size(), op.groups[0][0].crossbars.size());
}

TEST(NaiveMapping, LaysSlicesOutAtTheWidestPrecisionInTraceOrder) {
  const auto t = trace::readTrace(kExamples + "mlp_512_256_128_1.json");
  const Mapping m = mapTrace(t, loadDesign("isaac").design, Strategy::Naive);
  EXPECT_EQ(m.ops[0].groups[0][0].crossbars.size(), 64u);  // 16-bit slices: 8 columns per weight
  EXPECT_EQ(m.ops[0].groups[0][0].geometry.inputSlices(), 8);  // inputs still 8-bit
  EXPECT_EQ(m.crossbarsUsed(), 64 + 16 + 1);
  EXPECT_EQ(m.pesUsed(), 8 + 2 + 1);  // each op starts on a fresh PE, in order
  for (const auto& op : m.ops) EXPECT_EQ(op.replication(), 1);
}

TEST(OptimizedMapping, PrecisionChangesTheCrossbarCount) {
  auto t = trace::readTrace(kExamples + "mlp_512_256_128_1.json");
  for (auto& op : t.ops) op.weight_bits = 4;
  const Mapping m = mapTrace(t, loadDesign("isaac").design, Strategy::Optimized);
  EXPECT_EQ(m.ops[0].groups[0][0].crossbars.size(), 16u);  // 2 columns per weight
}

TEST(NaiveMapping, TooLargeSaysWhatIsNeededAndWhatThereIs) {
  const auto t = trace::readTrace(kExamples + "mlp_512_256_128_1.json");
  const auto d = loadDesign("isaac", {"tiles=1", "tile.pes=2"}).design;
  try {
    mapTrace(t, d, Strategy::Naive);
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("needs 81 crossbars"), std::string::npos) << msg;
    EXPECT_NE(msg.find("has 16 crossbars"), std::string::npos) << msg;
  }
}

}  // namespace
}  // namespace autorac::sim
