// The isaac preset reproduces ISAAC's published PE, tile and chip power and area (HARDWARE.md §6).
#include <gtest/gtest.h>

#include <cmath>

#include "hw/EnergyTable.h"
#include "hw/Inventory.h"
#include "sim/design/DesignLoader.h"
#include "sim/analytical/StageCosts.h"

namespace autorac::sim {
namespace {

void expectWithin1Percent(double got, double published, const char* what) {
  EXPECT_NEAR(got, published, 0.01 * published) << what << ": " << got << " vs published " << published;
}

TEST(IsaacPreset, ReproducesPublishedPowerAndAreaWithinOnePercent) {
  const hw::Design d = loadDesign("isaac").design;
  const hw::Inventory inv(d);
  expectWithin1Percent(inv.pePowerMw(), 24.07, "PE power (mW)");
  expectWithin1Percent(inv.peAreaMm2(), 0.0131, "PE area (mm²)");
  expectWithin1Percent(inv.tilePowerMw(), 330.0, "tile power (mW)");
  expectWithin1Percent(inv.tileAreaMm2(), 0.372, "tile area (mm²)");
  expectWithin1Percent(inv.chipPowerMw() / 1000, 55.4, "chip power (W)");
  expectWithin1Percent(inv.chipAreaMm2(), 62.5, "chip area (mm²)");
  expectWithin1Percent(inv.offchipPowerMw() / 1000, 10.4, "HyperTransport power (W)");
  expectWithin1Percent(inv.offchipAreaMm2(), 22.88, "HyperTransport area (mm²)");
}

TEST(IsaacPreset, LeakageIsTheDocumentedShareOfActivePower) {
  // By hand from docs/design-fields.md: per PE 10 % of 8 ADCs (16 mW) and 4 S+A (0.2 mW), 20 % of IR
  // (1.24 mW) and OR (0.23 mW): 1.914 mW; per tile 12 PEs, 20 % of eDRAM (20.7), 10 % of bus (7),
  // vector unit (0.97), extras (1.68) and a quarter router (42 / 4): 29.123 mW; 168 tiles: 4.893 W.
  const hw::Inventory inv(loadDesign("isaac").design);
  expectWithin1Percent(inv.chipLeakageMw() / 1000, 4.893, "chip leakage (W)");
}

TEST(IsaacPreset, TimingGivesThePublishedPeakThroughput) {
  const hw::Design d = loadDesign("isaac").design;
  EXPECT_EQ(d.crossbarsPerChip(), 16128);
  // 16-bit inputs in 16 one-bit slices, each slice one 100 ns read: a 128×16 16-bit MVM per 1.6 µs.
  const double slice_ns = d.crossbar.read_cycles / d.clock_ghz;
  EXPECT_DOUBLE_EQ(slice_ns, 100.0);
  const double conv_ns = double(d.crossbar.cols) / d.adc.adcs_per_group * d.adcConversionCycles() / d.clock_ghz;
  EXPECT_DOUBLE_EQ(conv_ns, 100.0);  // 128 columns at 1.28 GS/s: conversion keeps pace with reads
  EXPECT_DOUBLE_EQ(16 * slice_ns, 1600.0);
}

TEST(IsaacPreset, PeakThroughputIsIsaacs) {
  // ISAAC: 16,128 crossbars × 128 rows × 16 16-bit weights × 2 ops every 1.6 µs = 41.3 TOPS.
  expectWithin1Percent(peakOpsPerSecond(loadDesign("isaac").design, 16, 16) * 1e-12, 41.3, "peak (TOPS)");
}

TEST(IsaacPreset, PerEventEnergiesFollowFromPowerOverRate) {
  const hw::EnergyTable e(loadDesign("isaac").design);
  EXPECT_NEAR(e.adc_conversion_pj, 2.0 / 1.28, 1e-9);  // 2 mW / 1.28 GS/s
  EXPECT_NEAR(e.edram_access_pj, 20.45, 1e-9);
  EXPECT_NEAR(e.crossbar_read_pj, 0.3 * 100, 1e-9);    // 0.3 mW × 100 ns
}

TEST(EventKinds, EveryKindHasAnEnergyPerEventInEveryPreset) {
  // hw/EventKinds.h lists the kinds; hw/EnergyTable.cpp must give each an energy (NaN until it does).
  for (const char* preset : {"isaac", "neurosim22"}) {
    const hw::EnergyTable e(loadDesign(preset).design);
#define AUTORAC_EVENT_ENERGY_SET(counter, energy, component, description) \
  EXPECT_TRUE(std::isfinite(e.energy)) << preset << ": " #energy;
    AUTORAC_EVENT_KINDS(AUTORAC_EVENT_ENERGY_SET)
#undef AUTORAC_EVENT_ENERGY_SET
  }
}

TEST(AdcScaling, EnergyAndAreaDoublePerBit) {
  const hw::Design d8 = loadDesign("isaac").design;
  const hw::Design d6 = loadDesign("isaac", {"adc.bits=6"}).design;
  EXPECT_NEAR(hw::EnergyTable(d6).adc_conversion_pj * 4, hw::EnergyTable(d8).adc_conversion_pj, 1e-12);
  EXPECT_NEAR(hw::Inventory(d6).peAreaMm2() + 0.75 * 0.0096, hw::Inventory(d8).peAreaMm2(), 1e-12);
}

TEST(NeuroSimPreset, HasTheDocumentedStructure) {
  const hw::Design d = loadDesign("neurosim22").design;
  EXPECT_EQ(d.crossbar.rows, 128);
  EXPECT_EQ(d.crossbar.cell_bits, 1);
  EXPECT_EQ(d.adc.bits, 5);
  EXPECT_EQ(d.crossbar.cols / d.adc.adcs_per_group, 8);  // one ADC per 8 columns
  EXPECT_DOUBLE_EQ(d.clock_ghz, 1.0);
  EXPECT_DOUBLE_EQ(d.technology_nm, 22);
}

}  // namespace
}  // namespace autorac::sim
