// The naive mapper: crossbar counts per HARDWARE.md §2, placement in order, and the too-large error.
#include <gtest/gtest.h>

#include "sim/DesignLoader.h"
#include "sim/Mapping.h"
#include "traces/InputError.h"
#include "traces/TraceReader.h"

namespace autorac::sim {
namespace {

const std::string kExamples = std::string(AUTORAC_SOURCE_DIR) + "/traces/examples/";

TEST(NaiveMapping, MlpCrossbarCountsFollowTheGeometry) {
  const auto t = trace::readTrace(kExamples + "mlp_512_256_128_1.json");
  const auto d = loadDesign("isaac").design;
  const Mapping m = mapNaive(t, d);
  ASSERT_EQ(m.ops.size(), 3u);
  // 8-bit weights in 2-bit cells: 4 columns per weight. 512x256 -> 4 row blocks x 8 column blocks.
  EXPECT_EQ(m.ops[0].crossbars.size(), 32u);
  EXPECT_EQ(m.ops[1].crossbars.size(), 8u);
  EXPECT_EQ(m.ops[2].crossbars.size(), 1u);
  EXPECT_EQ(m.crossbarsUsed(), 41);
  EXPECT_EQ(m.pesUsed(), 4 + 1 + 1);  // each op starts on a fresh PE
  EXPECT_EQ(m.ops[1].producer, 0);
  EXPECT_EQ(m.ops[0].graph_input, "x");
  EXPECT_EQ(m.ops[2].consumers.size(), 0u);
}

TEST(NaiveMapping, PrecisionChangesTheCrossbarCount) {
  auto t = trace::readTrace(kExamples + "mlp_512_256_128_1.json");
  for (auto& op : t.ops) op.weight_bits = 16;
  const Mapping m = mapNaive(t, loadDesign("isaac").design);
  EXPECT_EQ(m.ops[0].crossbars.size(), 64u);
  EXPECT_EQ(m.ops[0].geometry.inputSlices(), 8);
}

TEST(NaiveMapping, TooLargeSaysWhatIsNeededAndWhatThereIs) {
  const auto t = trace::readTrace(kExamples + "mlp_512_256_128_1.json");
  const auto d = loadDesign("isaac", {"tiles=1", "tile.pes=2"}).design;
  try {
    mapNaive(t, d);
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("needs 41 crossbars"), std::string::npos) << msg;
    EXPECT_NE(msg.find("has 16 crossbars"), std::string::npos) << msg;
  }
}

}  // namespace
}  // namespace autorac::sim
