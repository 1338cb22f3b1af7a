// The chip with verilated ADC sequencers (cosim/RtlAdcGroup), run in this process: a model whose
// conversions take one cycle more than the RTL's is caught. Kept apart from MixedLevelTest.cpp, which
// includes Verilator's headers: no file may include both them and SystemC's (docs/rtl.md).
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "cosim/RtlAdcGroup.h"
#include "sim/design/DesignLoader.h"
#include "sim/mapping/ChipFit.h"
#include "sim/run/ChipSimulation.h"
#include "traces/TraceReader.h"

namespace autorac::test {
namespace {

TEST(MixedLevelChip, AConversionOneCycleLongerInTheModelThanInTheRtlIsCaught) {
  const trace::Trace tr = trace::readTrace(std::string(AUTORAC_SOURCE_DIR) + "/traces/examples/mlp_512_256_128_1.json");
  const sim::ChipPlan plan = sim::planChip(tr, sim::loadDesign("isaac"), sim::Strategy::Naive);
  hw::BlockModels blocks;
  blocks.adc_group = cosim::rtlAdcGroups(/*model_skew_cycles=*/1);
  try {
    sim::simulateChip(plan.design.design, plan.mapping, 1, "", false, blocks);
    FAIL() << "a model one cycle slower per conversion than the RTL went unnoticed";
  } catch (const std::exception& e) {  // SystemC rethrows it from the converter's process as an sc_report
    EXPECT_NE(std::string(e.what()).find("--rtl adcseq"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("done came"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace autorac::test
