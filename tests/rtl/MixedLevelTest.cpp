// Mixed-level simulation (docs/rtl.md): verilated rtl/noc_router.sv routers inside the mesh and the
// chip (cosim/RtlRouter, pimsim --rtl router). The mesh with RTL routers delivers every packet in the
// same cycle as with hw::noc::Router; pimsim's report is byte-identical with and without --rtl on the
// example recommenders under both mappings; a mismatch between the two router models is caught; and
// designs or block names without a verilated twin are refused with exit 2.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "Vnoc_router.h"
#include "Vnoc_routerParams.h"
#include "Vshift_add.h"
#include "Vshift_addParams.h"
#include "cosim/RtlRouter.h"
#include "cosim/RtlShiftAdd.h"
#include "hw/FunctionalMvm.h"
#include "sim/design/DesignLoader.h"
#include "hw/noc/MeshCore.h"
#include "tests/support/ProgramRun.h"
#include "traces/InputError.h"

namespace autorac::test {
namespace {

using hw::TileId;
using hw::noc::MeshConfig;
using hw::noc::MeshCore;

uint64_t seedFromEnv(uint64_t fallback) {
  const char* s = std::getenv("AUTORAC_SEED");
  return s ? std::strtoull(s, nullptr, 10) : fallback;
}

// isaac's router parameters (the Vnoc_router configuration) on a 4 x 4 mesh of 2-tile routers.
MeshConfig isaacMesh() {
  MeshConfig c;
  c.tiles = 32;
  c.concentration = 2;
  c.flit_bits = Vnoc_routerParams::FLIT_BITS;
  c.buffer_flits = Vnoc_routerParams::BUFFER_FLITS;
  c.router_cycles = Vnoc_routerParams::ROUTER_CYCLES;
  c.link_cycles = 1;
  return c;
}

hw::noc::RouterFactory verilatedRouters() {
  return [](hw::noc::RouterId r, const hw::noc::MeshTopology& topology) {
    return std::unique_ptr<hw::noc::RouterModel>(std::make_unique<cosim::RtlRouter<Vnoc_router, Vnoc_routerParams>>(r, topology));
  };
}

struct Delivery {
  uint64_t serial;
  int64_t done_cycle;
  bool operator==(const Delivery& o) const { return serial == o.serial && done_cycle == o.done_cycle; }
};

// Random packets (seeded) between random tiles, a few cycles apart, then the mesh run dry.
std::vector<Delivery> runTraffic(const MeshConfig& c, uint64_t seed, int packets) {
  MeshCore mesh(c);
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<int> tile(0, c.tiles - 1), bits(1, 300), gap(0, 3);
  int64_t cycle = 0;
  for (int k = 0; k < packets; ++k) {
    mesh.inject(TileId(tile(rng)), TileId(tile(rng)), bits(rng), cycle, nullptr);
    cycle += gap(rng);
    while (!mesh.idle() && mesh.nextCycle() < cycle) mesh.step(mesh.nextCycle());
  }
  while (!mesh.idle()) mesh.step(mesh.nextCycle());
  std::vector<Delivery> out;
  for (const auto& done : mesh.completions()) out.push_back({done.serial, done.done_cycle});
  return out;
}

TEST(MixedLevel, VerilatedRoutersDeliverEveryPacketInTheSameCycle) {
  const uint64_t seed = seedFromEnv(20261203);
  MeshConfig rtl = isaacMesh();
  rtl.make_router = verilatedRouters();
  const auto reference = runTraffic(isaacMesh(), seed, 4000);
  const auto mixed = runTraffic(rtl, seed, 4000);
  ASSERT_EQ(reference.size(), 4000u) << "seed " << seed;
  ASSERT_EQ(mixed.size(), reference.size()) << "seed " << seed;
  for (size_t i = 0; i < reference.size(); ++i)
    ASSERT_TRUE(mixed[i] == reference[i]) << "seed " << seed << ": packet " << reference[i].serial << " done at "
                                         << reference[i].done_cycle << " with C++ routers, packet " << mixed[i].serial
                                         << " at " << mixed[i].done_cycle << " with verilated ones";
}

TEST(MixedLevel, ARouterLatencyTheRtlDoesNotHaveIsCaught) {
  // The mesh believes routers take 3 cycles; the verilated ones take 2: their flits leave in cycles
  // MeshCore did not evaluate them, and the run stops with the disagreement.
  MeshConfig wrong = isaacMesh();
  wrong.router_cycles = Vnoc_routerParams::ROUTER_CYCLES + 1;
  wrong.make_router = verilatedRouters();
  try {
    runTraffic(wrong, 1, 50);
    FAIL() << "a router model one cycle slower than its RTL went unnoticed";
  } catch (const std::logic_error& e) {
    EXPECT_NE(std::string(e.what()).find("disagree"), std::string::npos) << e.what();
  }
}

const std::string kExamples = std::string(AUTORAC_SOURCE_DIR) + "/traces/examples/";

std::string reportOf(const std::vector<std::string>& args, const std::string& name) {
  const std::string path = ::testing::TempDir() + name;
  std::vector<std::string> all = args;
  all.insert(all.end(), {"--report", path});
  const ProgramResult r = runPimsim(all);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return readFile(path);
}

// trace, preset, mapping
class MixedLevelReport : public ::testing::TestWithParam<std::tuple<std::string, std::string, std::string>> {};

TEST_P(MixedLevelReport, IsByteIdenticalWithVerilatedRouters) {
  const auto [trace, preset, mapping] = GetParam();
  const std::vector<std::string> args = {"--design", preset, "--trace", kExamples + trace + ".json", "--mapping", mapping,
                                         "--batch", "8"};
  const std::string name = trace + "_" + preset + "_" + mapping;
  const std::string plain = reportOf(args, name + "_cpp.json");
  std::vector<std::string> with_rtl = args;
  with_rtl.insert(with_rtl.end(), {"--rtl", "router"});
  const std::string mixed = reportOf(with_rtl, name + "_rtl.json");
  ASSERT_FALSE(plain.empty());
  EXPECT_TRUE(plain == mixed) << "the report changed when the routers ran as RTL";
}

INSTANTIATE_TEST_SUITE_P(Examples, MixedLevelReport,
                         ::testing::Combine(::testing::Values(std::string("dlrm"), std::string("deepfm")),
                                            ::testing::Values(std::string("isaac"), std::string("neurosim22")),
                                            ::testing::Values(std::string("naive"), std::string("optimized"))),
                         [](const auto& info) {
                           return std::get<0>(info.param) + "_" + std::get<1>(info.param) + "_" + std::get<2>(info.param);
                         });

// trace, mapping, adc.crossbars_per_group: isaac's own groups (Vadc_share_sequencer_n1a1t2) and four
// crossbars per group (Vadc_share_sequencer: ties and waiting requests).
class MixedLevelAdcReport : public ::testing::TestWithParam<std::tuple<std::string, std::string, int>> {};

TEST_P(MixedLevelAdcReport, IsByteIdenticalWithVerilatedAdcSequencers) {
  const auto [trace, mapping, per_group] = GetParam();
  const std::vector<std::string> args = {"--trace", kExamples + trace + ".json", "--mapping", mapping, "--batch", "8",
                                         "--set", "adc.crossbars_per_group=" + std::to_string(per_group)};
  const std::string name = "adc_" + trace + "_" + mapping + "_" + std::to_string(per_group);
  const std::string plain = reportOf(args, name + "_cpp.json");
  std::vector<std::string> with_rtl = args;
  with_rtl.insert(with_rtl.end(), {"--rtl", "adcseq"});
  const std::string mixed = reportOf(with_rtl, name + "_rtl.json");
  ASSERT_FALSE(plain.empty());
  EXPECT_TRUE(plain == mixed) << "the report changed when the ADC groups ran as RTL";
  if (per_group > 1) {  // the shared groups made crossbars wait: the sequencer arbitrated
    EXPECT_GT(nlohmann::json::parse(mixed)["utilisation"]["adc"]["contended_grants"].get<uint64_t>(), 0u);
  }
}

INSTANTIATE_TEST_SUITE_P(Examples, MixedLevelAdcReport,
                         ::testing::Combine(::testing::Values(std::string("dlrm"), std::string("deepfm")),
                                            ::testing::Values(std::string("naive"), std::string("optimized")),
                                            ::testing::Values(1, 4)),
                         [](const auto& info) {
                           return std::get<0>(info.param) + "_" + std::get<1>(info.param) + "_" +
                                  std::to_string(std::get<2>(info.param)) + "_per_group";
                         });

TEST(MixedLevel, AdcSequencerNeedsAnSPlusAPoolThatNeverStalls) {
  // neurosim22's 16 S+A units serve one of its PE's four 16-ADC groups at a time.
  const ProgramResult r = runPimsim({"--design", "neurosim22", "--trace", kExamples + "dlrm.json", "--batch", "1", "--rtl", "adcseq"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("shift_add.units"), std::string::npos) << r.err;
  const ProgramResult other = runPimsim(
      {"--trace", kExamples + "dlrm.json", "--batch", "1", "--rtl", "adcseq", "--set", "adc.crossbars_per_group=2"});
  EXPECT_EQ(other.exit_code, 2) << other.err;
  EXPECT_NE(other.err.find("adc.crossbars_per_group"), std::string::npos) << other.err;
}

TEST(MixedLevel, RouterParametersNeverVerilatedAreRefused) {
  const ProgramResult r = runPimsim({"--trace", kExamples + "dlrm.json", "--batch", "1", "--rtl", "router", "--set",
                                     "interconnect.buffer_flits=5"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("interconnect.buffer_flits"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("Vnoc_router"), std::string::npos) << r.err;
}

// --rtl is checked before mapping, when a fitted chip's size is not known yet: a bound far beyond the
// verilated mesh must not refuse a model that fits a chip within it (once refused, 2026-12-05), and the
// chip as fitted is still checked.
TEST(MixedLevel, AFittedChipIsCheckedAtTheSizeItIsFittedTo) {
  const std::string fc = kExamples + "fc_single_crossbar.json";
  const ProgramResult fits = runPimsim({"--trace", fc, "--batch", "1", "--rtl", "router", "--set", "tiles=4096", "--set", "tiles=fit"});
  EXPECT_EQ(fits.exit_code, 0) << fits.err;
  const ProgramResult fixed = runPimsim({"--trace", fc, "--batch", "1", "--rtl", "router", "--set", "tiles=4096"});
  EXPECT_EQ(fixed.exit_code, 2) << fixed.err;
  EXPECT_NE(fixed.err.find("--rtl"), std::string::npos) << fixed.err;
}

TEST(MixedLevel, UnknownBlocksAndBusChipsAreRefused) {
  const ProgramResult unknown = runPimsim({"--trace", kExamples + "dlrm.json", "--batch", "1", "--rtl", "crossbar"});
  EXPECT_EQ(unknown.exit_code, 2) << unknown.err;
  EXPECT_NE(unknown.err.find("'crossbar'"), std::string::npos) << unknown.err;
  const ProgramResult bus =
      runPimsim({"--trace", kExamples + "dlrm.json", "--batch", "1", "--rtl", "router", "--set", "interconnect.kind=bus"});
  EXPECT_EQ(bus.exit_code, 2) << bus.err;
  EXPECT_NE(bus.err.find("interconnect.kind"), std::string::npos) << bus.err;
}

TEST(MixedLevel, VerilatedShiftAddGivesTheDatapathsOutputs) {
  // Random matrices on isaac (8-bit ADC, 1-bit DAC, 2-bit cells), wider than the unit's 16 outputs and
  // taller than one crossbar (lossy: 9 bits needed), through hw::FunctionalMvm with and without the RTL.
  const hw::Design d = sim::loadDesign("isaac").design;
  cosim::RtlShiftAdd<Vshift_add, Vshift_addParams> rtl(d);
  std::mt19937_64 rng(seedFromEnv(7));
  int64_t conversions = 0;
  for (int m = 0; m < 6; ++m) {
    const int64_t k = std::uniform_int_distribution<int64_t>(1, 300)(rng), n = std::uniform_int_distribution<int64_t>(1, 40)(rng);
    const hw::MvmGeometry g(d, k, n, 8, 8);
    std::vector<int64_t> w(static_cast<size_t>(k * n)), x(static_cast<size_t>(k));
    for (auto& v : w) v = std::uniform_int_distribution<int64_t>(-128, 127)(rng);
    const hw::FunctionalMvm mvm(d, g, w, true);
    for (int v = 0; v < 3; ++v) {
      for (auto& e : x) e = std::uniform_int_distribution<int64_t>(-128, 127)(rng);
      hw::FunctionalStats stats;
      const std::vector<int64_t> expected = mvm.run(x, &stats);
      ASSERT_EQ(mvm.run(x, nullptr, &rtl), expected) << k << " x " << n << " matrix, vector " << v;
      conversions += stats.conversions;
    }
  }
  EXPECT_EQ(rtl.beatsDriven(), conversions);  // every conversion went through the verilated unit
}

// The verilated S+A's limits are the matrix's shape's, so pimsim checks them before the run. On isaac,
// 16-bit weights and inputs: 16 input and 8 weight slices (the unit's most). Each 128-row block can add
// up to 255 · Σ_s Σ_k 2^(s + 2k) = 255 · (2^16 − 1) · (4^8 − 1)/3 ≈ 2^38.4 to an output, so the
// 48-bit accumulators hold about 780 row blocks' worth: 1,024 rows pass, 102,400 do not.
TEST(MixedLevel, TheVerilatedShiftAddsLimitsAreTheMatrixsShape) {
  const hw::Design d = sim::loadDesign("isaac").design;
  const cosim::RtlShiftAdd<Vshift_add, Vshift_addParams> rtl(d);
  EXPECT_EQ(rtl.refuses(hw::MvmGeometry(d, 1024, 4, 16, 16)), "");
  const std::string deep = rtl.refuses(hw::MvmGeometry(d, 102400, 4, 16, 16));
  EXPECT_NE(deep.find("48-bit accumulators"), std::string::npos) << "102,400 rows of 16-bit values fit 48-bit accumulators: " << deep;
  const std::string wide = rtl.refuses(hw::MvmGeometry(d, 64, 4, 16, 32));  // 32-bit inputs: 32 input slices
  EXPECT_NE(wide.find("32 input slices"), std::string::npos) << wide;
}

// Functional runs (fc_small_tensors: integer weights and inputs) with the S+A, and with the router too.
TEST(MixedLevel, FunctionalReportIsByteIdenticalWithVerilatedShiftAddAndRouters) {
  for (const std::string mapping : {"naive", "optimized"}) {
    const std::vector<std::string> args = {"--trace", kExamples + "fc_small_tensors.json", "--functional", "--mapping", mapping};
    const std::string plain = reportOf(args, "sa_" + mapping + "_cpp.json");
    for (const std::vector<std::string>& blocks :
         {std::vector<std::string>{"sa"}, std::vector<std::string>{"router", "sa", "adcseq"}}) {
      std::vector<std::string> with_rtl = args;
      with_rtl.push_back("--rtl");
      with_rtl.insert(with_rtl.end(), blocks.begin(), blocks.end());
      EXPECT_TRUE(plain == reportOf(with_rtl, "sa_" + mapping + "_rtl.json")) << mapping << " with " << blocks.size() << " blocks";
    }
  }
}

TEST(MixedLevel, LossyConversionsGiveTheSameErrorsThroughTheVerilatedShiftAdd) {
  // Vshift_add_d2c3's parameters: a 5-bit ADC under 2-bit inputs and 3-bit cells loses information on
  // a 64-row column; the errors against the exact W.x must be the same whichever S+A adds.
  for (const std::string mode : {"clip", "drop-lsb"}) {
    const std::vector<std::string> args = {"--trace", kExamples + "fc_small_tensors.json", "--functional", "--mapping", "optimized",
                                           "--set", "adc.bits=5", "--set", "dac.bits=2", "--set", "crossbar.cell_bits=3",
                                           "--set", "adc.loss_mode=" + mode};
    const std::string plain = reportOf(args, "lossy_" + mode + "_cpp.json");
    std::vector<std::string> with_rtl = args;
    with_rtl.insert(with_rtl.end(), {"--rtl", "sa"});
    const std::string mixed = reportOf(with_rtl, "lossy_" + mode + "_rtl.json");
    EXPECT_EQ(nlohmann::json::parse(mixed)["functional"][0]["bit_exact"], false) << mode;
    EXPECT_TRUE(plain == mixed) << mode;
  }
}

// The verilated S+A takes at most 4 weight slices at these parameters; the naive mapping lays
// fc_small_tensors' 8-bit weights out at 16 bits, 6 slices of 3-bit cells. pimsim refuses it before
// the run, as any design error: exit 2 with the unit's reason on stderr, nothing on stdout, no report.
TEST(MixedLevel, AMatrixTheVerilatedShiftAddCannotTakeIsRefusedBeforeTheRun) {
  const std::string report = ::testing::TempDir() + "refused_sa.json";
  std::remove(report.c_str());
  const ProgramResult r = runPimsim({"--trace", kExamples + "fc_small_tensors.json", "--functional", "--mapping", "naive",
                                     "--set", "adc.bits=5", "--set", "dac.bits=2", "--set", "crossbar.cell_bits=3",
                                     "--rtl", "sa", "--report", report});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("6 weight slices"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("op 'fc'"), std::string::npos) << r.err;  // which op's matrix
  EXPECT_EQ(r.out, "");
  EXPECT_FALSE(std::ifstream(report).good()) << "a report was written for a refused run";
}

TEST(MixedLevel, ShiftAddNeedsFunctionalMode) {
  const ProgramResult r = runPimsim({"--trace", kExamples + "fc_small_tensors.json", "--rtl", "sa"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("--functional"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace autorac::test
