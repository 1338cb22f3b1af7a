// Each cost follows its knobs (docs/design-fields.md, "Scaling laws"): the expected ratios are worked
// out by hand from the laws' physical statements, on the isaac preset, through the design loader as a
// user's --set would reach them.
#include <gtest/gtest.h>

#include "hw/EnergyTable.h"
#include "hw/Inventory.h"
#include "sim/design/DesignLoader.h"
#include "tests/support/ProgramRun.h"

#include <nlohmann/json.hpp>

namespace autorac::sim {
namespace {

hw::Design isaac(std::vector<std::string> sets = {}) { return loadDesign("isaac", sets).design; }

// One instance of `component` on design `d`: its area, active power at full rate and leakage.
hw::InventoryItem item(const hw::Design& d, const std::string& component) {
  const hw::Inventory inv(d);
  for (const auto& it : inv.items())
    if (it.component == component) return it;
  ADD_FAILURE() << "no " << component;
  return {};
}

TEST(CostLaws, AConversionABeatOrAnOperationCostsTheSameEnergyHoweverFastTheDesignMakesIt) {
  // The audit helper: adc.conversion_cycles=1 made isaac's conversion 0.781 pJ, bus.cycles_per_beat=8
  // a beat 21.9 pJ. By hand from the preset's sources: 2 mW / 1.28 GS/s = 1.5625 pJ a conversion (Walden:
  // a converter's energy is set by its resolution), 7 mW over a 2.56 GHz beat = 2.734375 pJ (C·V² of
  // its wires), 0.97 mW / 32 lanes / 2.56 GHz a lane operation; 20.45 pJ an eDRAM access (CACTI). A
  // twice faster ADC draws twice the power at full rate, a bus beat 8 cycles long an eighth.
  const hw::EnergyTable base(isaac());
  EXPECT_NEAR(base.adc_conversion_pj, 1.5625, 1e-12);
  EXPECT_NEAR(hw::EnergyTable(isaac({"adc.conversion_cycles=1"})).adc_conversion_pj, 1.5625, 1e-12);
  EXPECT_NEAR(item(isaac({"adc.conversion_cycles=1"}), "adc").power_mw, 2 * 2.0, 1e-12);
  EXPECT_NEAR(hw::EnergyTable(isaac({"bus.cycles_per_beat=8"})).bus_beat_pj, 7.0 / 2.56, 1e-12);
  EXPECT_NEAR(item(isaac({"bus.cycles_per_beat=8"}), "bus").power_mw, 7.0 / 8, 1e-12);
  EXPECT_NEAR(hw::EnergyTable(isaac({"vector_unit.op_cycles=16"})).vector_op_pj, 0.97 / 32 / 2.56, 1e-12);
  EXPECT_NEAR(item(isaac({"edram.access_cycles=6"}), "edram").power_mw, 20.7 * 3 / 6, 1e-12);  // 3-cycle reference access
  // A 4-bit SAR converts in 1 cycle, not 2 (one step a bit): a conversion costs 1/16 of an 8-bit one
  // (x2 a bit) and comes twice as often, so the ADC draws 2 mW / 16 x 2 = 0.25 mW at full rate.
  EXPECT_NEAR(item(isaac({"adc.bits=4"}), "adc").power_mw, 0.25, 1e-12);
  // A 1 mW link given at 1 cycle a flit: 1 mW / 2.56 GHz = 0.390625 pJ a flit at any link_cycles, and
  // a quarter of the power when a flit takes 4 cycles.
  const std::vector<std::string> link = {"interconnect.link.power_mw=1", "interconnect.link_cycles=4"};
  EXPECT_NEAR(hw::EnergyTable(isaac(link)).link_flit_pj, 0.390625, 1e-12);
  EXPECT_NEAR(item(isaac(link), "noc_link").power_mw, 0.25, 1e-12);
  // The crossbar's cells conduct for the whole read: a 16-cycle read costs 16/256 of a 256-cycle one.
  EXPECT_NEAR(hw::EnergyTable(isaac({"crossbar.read_cycles=16"})).crossbar_read_pj, 30.0 * 16 / 256, 1e-12);
}

TEST(CostLaws, CrossbarAreaAndReadEnergyFollowTheCellCount) {
  // 1024×1024 holds 64 times the cells of 128×128; 256×128 twice.
  EXPECT_NEAR(item(isaac({"crossbar.rows=1024", "crossbar.cols=1024"}), "crossbar").area_mm2, 64 * 0.000025, 1e-12);
  EXPECT_NEAR(hw::EnergyTable(isaac({"crossbar.rows=256"})).crossbar_read_pj, 2 * 30.0, 1e-9);
  EXPECT_NEAR(hw::EnergyTable(isaac({"crossbar.rows=64", "crossbar.cols=64"})).crossbar_read_pj, 30.0 / 4, 1e-9);
}

TEST(CostLaws, ProgrammingARowCostsItsCells) {
  // isaac: 256 pJ a row of 128 cells (2 pJ a cell). A 256-column row is 256 cells: 512 pJ; 64 columns,
  // 128 pJ. More rows do not change a row. (The audit: the row's energy ignored crossbar.cols.)
  EXPECT_NEAR(hw::EnergyTable(isaac()).crossbar_row_write_pj, 256.0, 1e-9);
  EXPECT_NEAR(hw::EnergyTable(isaac({"crossbar.cols=256"})).crossbar_row_write_pj, 512.0, 1e-9);
  EXPECT_NEAR(hw::EnergyTable(isaac({"crossbar.cols=64", "crossbar.rows=512"})).crossbar_row_write_pj, 128.0, 1e-9);
}

TEST(CostLaws, DacCostDoublesPerBit) {
  EXPECT_NEAR(item(isaac({"dac.bits=2"}), "dac").area_mm2, 2 * 1.66015625e-7, 1e-15);
  EXPECT_NEAR(hw::EnergyTable(isaac({"dac.bits=4"})).dac_row_pj, 8 * hw::EnergyTable(isaac()).dac_row_pj, 1e-12);
}

TEST(CostLaws, SarConversionTakesOneStepPerBit) {
  // isaac: 8 bits in 2 cycles. 16 bits: 4; 9 bits: 2.25, rounded up to 3; 4 bits: 1. Flash: 2 at any b.
  EXPECT_EQ(isaac().adcConversionCycles(), 2);
  EXPECT_EQ(isaac({"adc.bits=16"}).adcConversionCycles(), 4);
  EXPECT_EQ(isaac({"adc.bits=9"}).adcConversionCycles(), 3);
  EXPECT_EQ(isaac({"adc.bits=4"}).adcConversionCycles(), 1);
  EXPECT_EQ(isaac({"adc.bits=16", "adc.kind=flash"}).adcConversionCycles(), 2);
}

TEST(CostLaws, StorageAreaFollowsCapacityAndAccessEnergyWidthTimesRootCapacity) {
  // 4× the bytes: 4× the area, 2× the energy of an access; twice the width: 2× the energy.
  EXPECT_NEAR(item(isaac({"edram.bytes=262144"}), "edram").area_mm2, 4 * 0.083, 1e-12);
  EXPECT_NEAR(hw::EnergyTable(isaac({"edram.bytes=262144"})).edram_access_pj, 2 * 20.45, 1e-9);
  EXPECT_NEAR(hw::EnergyTable(isaac({"edram.width_bits=512"})).edram_access_pj, 2 * 20.45, 1e-9);
  EXPECT_NEAR(item(isaac({"input_register.bytes=8192"}), "input_register").area_mm2, 4 * 0.0021, 1e-12);
}

TEST(CostLaws, BusAndRouterFollowWidthPortsAndDepth) {
  EXPECT_NEAR(item(isaac({"bus.width_bits=768"}), "bus").area_mm2, 2 * 0.090, 1e-12);
  // Router at twice the flit width: buffers 2×, switch 4× → 0.5·2 + 0.5·4 = 3× the area;
  // flit energy 0.5·2 + 0.5·4 = 3×. Twice the depth: buffers only, 0.5·2 + 0.5 = 1.5× the area.
  EXPECT_NEAR(item(isaac({"interconnect.flit_bits=64"}), "router").area_mm2, 3 * 0.151, 1e-12);
  EXPECT_NEAR(hw::EnergyTable(isaac({"interconnect.flit_bits=64"})).flit_hop_pj, 3 * hw::EnergyTable(isaac()).flit_hop_pj, 1e-9);
  EXPECT_NEAR(item(isaac({"interconnect.buffer_flits=16"}), "router").area_mm2, 1.5 * 0.151, 1e-12);
  // Concentration 8: 12 ports instead of 8 (×1.5): 0.5·1.5 + 0.5·2.25 = 1.875× the area.
  EXPECT_NEAR(item(isaac({"interconnect.concentration=8"}), "router").area_mm2, 1.875 * 0.151, 1e-12);
}

double routersOnChip(const hw::Design& d) {
  const hw::Inventory inv(d);
  for (const auto& it : inv.items())
    if (it.component == "router") return inv.instancesOnChip(it);
  ADD_FAILURE() << "no router";
  return 0;
}

TEST(CostLaws, TheChipHasWholeRouters) {
  // The audit: 5 tiles at concentration 4 were charged 1.25 routers. The mesh has ceil(5/4) = 2,
  // side by side; 5 tiles at concentration 1 sit on a 3 x 2 mesh whose sixth router has no tile but
  // carries traffic (XY routes turn there), so it is built and counted too. 168 tiles: ISAAC's 42.
  EXPECT_EQ(routersOnChip(isaac({"tiles=5"})), 2.0);
  EXPECT_EQ(routersOnChip(isaac({"tiles=5", "interconnect.concentration=1"})), 6.0);
  EXPECT_EQ(routersOnChip(isaac()), 42.0);
  EXPECT_EQ(routersOnChip(isaac({"tiles=5", "interconnect.kind=bus"})), 2.0);
  // The tile's own roll-up keeps ISAAC's quarter share of a router: ISAAC's 0.372 mm² tile.
  EXPECT_NEAR(hw::Inventory(isaac({"tiles=5"})).tileAreaMm2(), 0.372, 0.00372);
}

TEST(CostLaws, AnEventCostsTheSameEnergyAtAnyDigitalClock) {
  // The audit's case: one MLP sample cost 215.5 nJ at 100 GHz and 467 µJ at 0.001 GHz.
  using nlohmann::json;
  const std::string trace = std::string(AUTORAC_SOURCE_DIR) + "/traces/examples/mlp_512_256_128_1.json";
  std::vector<double> energy;
  for (const char* clock : {"2.56", "100", "0.001"}) {
    const std::string report = ::testing::TempDir() + "clock_" + clock + ".json";
    const auto r = test::runPimsim({"--trace", trace, "--set", std::string("clock_ghz=") + clock, "--report", report});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    energy.push_back(json::parse(test::readFile(report))["energy_pj"]["dynamic"].get<double>());
  }
  EXPECT_NEAR(energy[1], energy[0], 1e-9 * energy[0]);
  EXPECT_NEAR(energy[2], energy[0], 1e-9 * energy[0]);
}

TEST(CostLaws, PeakPowerFollowsTheClockSoARunNeverDrawsMoreThanIt) {
  // The audit's case: at clock_ghz=100 the MLP's chip drew 22.36 W on average against a reported
  // peak of 1.649 W. Every event is 10x shorter at 10x the clock and costs the same energy, so at
  // full rate every component draws 10x its power: the peak is 10x, and no run exceeds it.
  using nlohmann::json;
  const std::string trace = std::string(AUTORAC_SOURCE_DIR) + "/traces/examples/mlp_512_256_128_1.json";
  std::vector<json> reports;
  for (const char* clock : {"2.56", "25.6"}) {
    const std::string report = ::testing::TempDir() + "peak_clock_" + clock + ".json";
    const auto r = test::runPimsim({"--trace", trace, "--batch", "64", "--set", "tiles=fit", "--set",
                                    std::string("clock_ghz=") + clock, "--report", report});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    reports.push_back(json::parse(test::readFile(report)));
  }
  EXPECT_NEAR(reports[1]["peak_power_w"]["total"].get<double>(), 10 * reports[0]["peak_power_w"]["total"].get<double>(), 1e-9);
  for (const json& r : reports) {  // on chip: the off-chip links' energy is charged per bit moved
    const double on_chip_pj = r["energy_pj"]["dynamic"].get<double>() - r["energy_pj"]["by_component"]["offchip_io"].get<double>();
    EXPECT_LT(on_chip_pj / r["time_ns"].get<double>() * 1e-3, r["peak_power_w"]["chip"].get<double>());
  }
}

}  // namespace
}  // namespace autorac::sim
