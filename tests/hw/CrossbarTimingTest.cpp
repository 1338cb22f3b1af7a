// SystemC crossbar timing against the analytical L_xbar (HARDWARE.md §2), with and without sharing.
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <vector>

#include <systemc>

#include "hw/Pe.h"
#include "hw/Clock.h"
#include "sim/analytical/AnalyticalModel.h"
#include "sim/design/DesignLoader.h"

namespace autorac::hw {
namespace {

struct Case {
  Design design;
  CrossbarTask task;
  int busy_crossbars;  // how many crossbars of the PE get a job at cycle 0
  std::unique_ptr<Pe> pe;
  std::vector<uint64_t> done_at;  // per crossbar, completion cycle
  std::vector<EventCounts> counts;
};

// The test process's one simulation clock: 1 ns, so a cycle is a nanosecond.
const Clock& clock() {
  static const Clock c(sc_core::sc_time(1, sc_core::SC_NS));
  return c;
}

// Elaborates one PE per case, gives each busy crossbar one job at cycle 0, runs to completion. With
// `drain`, each result leaves the output register the cycle it is done (as if the bus took it at once).
void simulate(std::vector<std::unique_ptr<Case>>& cases, bool drain = false) {
  for (size_t i = 0; i < cases.size(); ++i) {
    Case& c = *cases[i];
    c.pe = std::make_unique<Pe>(("pe" + std::to_string(i)).c_str(), c.design, clock());
    c.done_at.assign(size_t(c.busy_crossbars), 0);
    c.counts.assign(size_t(c.busy_crossbars), EventCounts{});
    for (int x = 0; x < c.busy_crossbars; ++x) {
      CrossbarUnit& unit = c.pe->crossbar(x);
      unit.assign(c.task, &c.counts[size_t(x)]);
      uint64_t* slot = &c.done_at[size_t(x)];
      unit.onDone([slot, &unit, drain](uint64_t) {
        *slot = clock().nowCycles();
        if (drain) unit.outputDrained();
      });
      unit.submit(0);
    }
  }
  sc_core::sc_start();
}

Design baseDesign() {
  Design d = sim::loadDesign("isaac").design;
  d.pe.crossbars = 2;
  d.shift_add.units = 64;  // plenty: S+A never the bottleneck unless a test says so
  return d;
}

TEST(CrossbarTiming, UncontendedLatencyEqualsAnalyticalOverGrid) {
  std::vector<std::unique_ptr<Case>> cases;
  for (int rows : {16, 128})
    for (int cols : {8, 64, 128})
      for (int slices : {1, 2, 5, 16})
        for (int t_read : {1, 7, 100})
          for (int t_adc : {1, 3})
            for (int adcs : {1, 4, 8}) {
              auto c = std::make_unique<Case>();
              c->design = baseDesign();
              c->design.crossbar.rows = rows;
              c->design.crossbar.cols = cols;
              c->design.crossbar.read_cycles = t_read;
              c->design.adc.conversion_cycles = t_adc;
              c->design.adc.adcs_per_group = adcs;
              c->design.shift_add.latency_cycles = 2;
              c->task = {slices, rows, cols - 3};  // a ragged last column group
              c->busy_crossbars = 2;               // both crossbars busy, each with its own ADC group
              cases.push_back(std::move(c));
            }
  simulate(cases);
  for (const auto& c : cases) {
    const int64_t expected = sim::crossbarLatency(c->design, c->task);
    for (int x = 0; x < c->busy_crossbars; ++x)
      EXPECT_EQ(int64_t(c->done_at[size_t(x)]), expected)
          << "R=" << c->design.crossbar.rows << " C=" << c->design.crossbar.cols << " S=" << c->task.input_slices
          << " t_read=" << c->design.crossbar.read_cycles << " t_adc=" << c->design.adc.conversion_cycles
          << " adcs=" << c->design.adc.adcs_per_group;
    EXPECT_EQ(c->pe->adcGroup(0).waitCycles(), 0u);
  }
  EXPECT_EQ(cases.size(), 2u * 3 * 4 * 3 * 2 * 3);
}

TEST(CrossbarTiming, SharedAdcQueuesExactlyAsTheTimingModelImplies) {
  // One ADC shared by two crossbars; t_read <= T_conv, so the ADC is the bottleneck and the two
  // crossbars alternate slice by slice (first-come-first-served).
  std::vector<std::unique_ptr<Case>> cases;
  for (int slices : {1, 4, 8}) {
    auto c = std::make_unique<Case>();
    c->design = baseDesign();
    c->design.adc.crossbars_per_group = 2;
    c->design.adc.adcs_per_group = 1;
    c->design.adc.conversion_cycles = 1;
    c->design.crossbar.read_cycles = 20;
    c->task = {slices, 128, 32};  // T_conv = 32 cycles
    c->busy_crossbars = 2;
    cases.push_back(std::move(c));
  }
  simulate(cases);
  for (const auto& c : cases) {
    const int64_t s = c->task.input_slices, t_conv = 32;
    const int64_t analytical = sim::crossbarLatency(c->design, c->task);
    // Same-cycle requests are served in the kernel's (deterministic) process order, so which crossbar
    // goes first is not part of the contract: the one served first waits T_conv before each of its
    // slices but the first; the other waits T_conv before every slice.
    const int64_t first = int64_t(std::min(c->done_at[0], c->done_at[1]));
    const int64_t second = int64_t(std::max(c->done_at[0], c->done_at[1]));
    EXPECT_EQ(first - analytical, (s - 1) * t_conv) << "S=" << s;
    EXPECT_EQ(second - analytical, s * t_conv) << "S=" << s;
    EXPECT_EQ(int64_t(c->pe->adcGroup(0).waitCycles()), (2 * s - 1) * t_conv) << "S=" << s;
  }
}

TEST(CrossbarTiming, SharedShiftAddUnitsStallConversions) {
  // One S+A unit (t_adc = 1: one slot) for two crossbars with private ADCs: the S+A is now the shared
  // resource and the second conversion of each slice waits for the first.
  std::vector<std::unique_ptr<Case>> cases;
  auto c = std::make_unique<Case>();
  c->design = baseDesign();
  c->design.shift_add.units = 1;
  c->design.adc.conversion_cycles = 1;
  c->design.crossbar.read_cycles = 10;
  c->task = {4, 128, 32};
  c->busy_crossbars = 2;
  cases.push_back(std::move(c));
  simulate(cases);
  const Case& k = *cases[0];
  const int64_t analytical = sim::crossbarLatency(k.design, k.task);
  EXPECT_EQ(int64_t(std::min(k.done_at[0], k.done_at[1])) - analytical, 3 * 32);
  EXPECT_EQ(int64_t(std::max(k.done_at[0], k.done_at[1])) - analytical, 4 * 32);
  EXPECT_GT(k.pe->shiftAdd().waitCycles(), 0u);
}

TEST(CrossbarTiming, FullOutputRegisterStallsTheLastConversion) {
  // Four crossbars with private ADCs finish together; each writes 96 bits of results into the PE's
  // output register during its last conversion and holds them until the drain takes them (here at
  // once, in the completion callback). A register of 192 bits lets two convert their last slice at a
  // time (first come first served: which crossbar waits is the kernel's order, so the completion
  // times are compared sorted), 96 bits or 48 bits (results that stream through) one; none stalls
  // with 384 bits. By hand: L = t_read + (S - 1) max(t_read, T_conv) + T_conv + t_sa, and each turn
  // waited adds T_conv + t_sa.
  struct Expect {
    int bytes_times_8;  // register bits
    std::vector<int64_t> turns;  // per crossbar: turns waited
  };
  const std::vector<Expect> expects = {{384, {0, 0, 0, 0}}, {192, {0, 0, 1, 1}}, {96, {0, 1, 2, 3}}, {48, {0, 1, 2, 3}}};
  std::vector<std::unique_ptr<Case>> cases;
  for (const auto& e : expects) {
    auto c = std::make_unique<Case>();
    c->design = baseDesign();
    c->design.pe.crossbars = 4;
    c->design.adc.crossbars_per_group = 1;
    c->design.adc.adcs_per_group = 1;
    c->design.adc.conversion_cycles = 1;
    c->design.crossbar.read_cycles = 10;
    c->design.output_register.bytes = e.bytes_times_8 / 8;
    c->task = {2, 128, 32, 96};  // T_conv = 32 cycles
    c->busy_crossbars = 4;
    cases.push_back(std::move(c));
  }
  simulate(cases, true);
  for (size_t i = 0; i < cases.size(); ++i) {
    const Case& c = *cases[i];
    const int64_t t_sa = c.design.shift_add.latency_cycles, latency = 10 + 32 + 32 + t_sa;
    std::vector<uint64_t> done = c.done_at;
    std::sort(done.begin(), done.end());
    for (size_t x = 0; x < 4; ++x)
      EXPECT_EQ(int64_t(done[x]), latency + expects[i].turns[x] * (32 + t_sa))
          << expects[i].bytes_times_8 << " bits, crossbar " << x;
    EXPECT_EQ(c.pe->outputRegister().waitCycles() > 0, expects[i].turns.back() > 0) << expects[i].bytes_times_8;
  }
}

TEST(CrossbarTiming, BackToBackJobsPipelineLikeSlices) {
  // Two jobs on one crossbar take as long as one job of twice the slices.
  std::vector<std::unique_ptr<Case>> cases;
  auto c = std::make_unique<Case>();
  c->design = baseDesign();
  c->task = {3, 128, 100};
  c->busy_crossbars = 1;
  cases.push_back(std::move(c));
  Case& k = *cases[0];
  k.pe = std::make_unique<Pe>("pe", k.design, clock());
  k.counts.assign(1, EventCounts{});
  std::vector<uint64_t> done;
  k.pe->crossbar(0).assign(k.task, &k.counts[0]);
  k.pe->crossbar(0).onDone([&done](uint64_t) { done.push_back(clock().nowCycles()); });
  k.pe->crossbar(0).submit(0);
  k.pe->crossbar(0).submit(1);
  sc_core::sc_start();
  ASSERT_EQ(done.size(), 2u);
  const CrossbarTask six{6, 128, 100};
  EXPECT_EQ(int64_t(done[1]), sim::crossbarLatency(k.design, six));
  EXPECT_EQ(k.counts[0].crossbar_reads, 6u);
  EXPECT_EQ(k.counts[0].adc_conversions, 600u);
}

}  // namespace
}  // namespace autorac::hw
