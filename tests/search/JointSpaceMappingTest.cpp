// Every hardware choice of the joint space must map the example recommenders under both mappings:
// a candidate the search finds valid under one mapping is re-measured under the other for the
// headline (the speedup of optimized over naive mapping), so neither may refuse it for a capacity the
// search does not choose, such as the input register.
#include <gtest/gtest.h>

#include <string>

#include "search/JointSpace.h"
#include "sim/design/DesignLoader.h"
#include "sim/mapping/ChipFit.h"
#include "traces/TraceReader.h"

namespace autorac::search {
namespace {

TEST(JointSpaceMapping, EveryCrossbarShapeMapsTheExamplesAt16BitsUnderBothMappings) {
  const HardwareSpace space;
  for (const char* name : {"dlrm", "deepfm", "autoint", "dcnv2"}) {
    trace::Trace t = trace::readTrace(std::string(AUTORAC_SOURCE_DIR) + "/traces/examples/" + name + ".json");
    for (auto& op : t.ops) op.act_bits = 16;  // the widest precision the model space offers
    for (int rows : space.rows)
      for (int cols : space.cols) {
        HardwareChoice h;
        h.rows = rows, h.cols = cols, h.cell_bits = 2, h.adc_bits = 0, h.crossbars_per_adc = 1, h.shift_add_units = 16;
        const sim::ResolvedDesign d = sim::loadDesign("isaac", pimsimOverrides(h));
        for (sim::Strategy s : {sim::Strategy::Naive, sim::Strategy::Optimized})
          EXPECT_NO_THROW(sim::planChip(t, d, s)) << name << " on " << rows << "x" << cols << " crossbars, "
                                                  << sim::strategyName(s) << " mapping";
      }
  }
}

TEST(JointSpaceMapping, TheInputRegisterIsIsaacsAt128Rows) {
  // ISAAC Table 6: a 2 KB input register per PE of 8 crossbars of 128 rows.
  HardwareChoice h;
  h.rows = 128;
  EXPECT_EQ(inputRegisterBytes(h), sim::loadDesign("isaac").design.input_register.bytes);
  h.rows = 256;
  EXPECT_EQ(inputRegisterBytes(h), 4096);
}

}  // namespace
}  // namespace autorac::search
