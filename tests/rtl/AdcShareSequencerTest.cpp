// rtl/adc_share_sequencer.sv against the SystemC ADC group of hw::Pe (layer 3 of the ADC-group
// harness, docs/rtl.md). Both sides get the same jobs at the same cycles; the RTL's requests come from
// AdcGroupDriver's crossbar readers, the SystemC model's from hw::CrossbarUnit's, so the same latch
// times occur. Every conversion's latch, start and end cycle and every job's completion must agree:
// uncontended (and then equal to sim::crossbarLatency), contended, and with same-cycle ties, which
// both serve lowest index first (hw::Resource::Order::Index).
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <systemc>

#include "AdcGroupRtl.h"
#include "ScAdcGroupProbe.h"
#include "sim/design/DesignLoader.h"
#include "sim/analytical/StageCosts.h"

namespace autorac::rtl {
namespace {

class AdcShareSequencerRtl : public ::testing::TestWithParam<SequencerVariant> {};
INSTANTIATE_TEST_SUITE_P(Verilated, AdcShareSequencerRtl, ::testing::ValuesIn(sequencerVariants()));

// The design the verilated sequencer was built for: N crossbars of one PE share one ADC group.
hw::Design groupDesign(const SequencerVariant& v, int t_read) {
  hw::Design d = sim::loadDesign("isaac").design;
  d.pe.crossbars = v.n;
  d.adc.crossbars_per_group = v.n;
  d.adc.adcs_per_group = v.adcs_per_group;
  d.adc.conversion_cycles = v.t_adc;
  d.crossbar.read_cycles = t_read;
  d.shift_add.units = 64;  // S+A never the bottleneck: the ADC group is the only shared unit
  return d;
}

RtlRun runRtl(const std::string& name, const hw::Design& d, const GroupStimulus& s) {
  return runSequencerRtl(AdcShareSequencerRtl::GetParam(), name, s, d.crossbar.read_cycles, d.shift_add.latency_cycles);
}

struct Case {
  hw::Design design;
  GroupStimulus stim;
  RtlRun rtl;
  std::unique_ptr<ScAdcGroupProbe> probe;
  std::string what;
};

std::string describe(const hw::Design& d, const GroupStimulus& s) {
  std::ostringstream os;
  os << "t_read=" << d.crossbar.read_cycles << " tasks=";
  for (const auto& t : s.tasks) os << "(S" << t.input_slices << ",C" << t.cols_used << ")";
  os << " jobs=";
  for (const auto& j : s.jobs) os << "(x" << j.crossbar << "@" << j.cycle << ")";
  return os.str();
}

// Elaborates a probe per case, then runs the SystemC kernel once for all of them.
void simulateAll(std::vector<Case>& cases) {
  for (size_t i = 0; i < cases.size(); ++i) {
    Case& c = cases[i];
    c.what = describe(c.design, c.stim);
    c.rtl = runRtl("adc_share_sequencer_" + std::to_string(i), c.design, c.stim);
    c.probe = std::make_unique<ScAdcGroupProbe>("pe" + std::to_string(i), c.design, c.stim);
  }
  sc_core::sc_start();
}

int64_t waitedCycles(const GroupSchedule& s) {
  int64_t w = 0;
  for (const auto& r : s.conversions) w += r.start - r.latch;
  return w;
}

TEST_P(AdcShareSequencerRtl, UncontendedConversionsMatchSystemCAndLxbar) {
  const SequencerVariant& v = GetParam();
  std::vector<Case> cases;
  for (int slices : {1, 2, 5, 16})
    for (int t_read : {1, 2, 7, 40})
      for (int cols : {1, 3, 4, 5, 64, 128}) {
        Case c;
        c.design = groupDesign(v, t_read);
        c.stim.tasks.assign(size_t(v.n), hw::CrossbarTask{slices, 128, cols});
        const int x = int(cases.size()) % v.n;  // one crossbar of the group busy, two vectors
        c.stim.jobs = {{x, 0}, {x, 0}};
        cases.push_back(std::move(c));
      }
  simulateAll(cases);
  for (const Case& c : cases) {
    const GroupSchedule sc = c.probe->schedule();
    const GroupSchedule& rtl = c.rtl.schedule;
    EXPECT_EQ(rtl.conversions, sc.conversions) << c.what;
    EXPECT_EQ(rtl.job_done, sc.job_done) << c.what;
    const hw::CrossbarTask task = c.stim.tasks[0];
    const hw::CrossbarTask twice{2 * task.input_slices, task.rows_used, task.cols_used};
    ASSERT_EQ(rtl.job_done.size(), 2u);
    // One vector takes L_xbar; the second pipelines behind it like S more slices.
    EXPECT_EQ(rtl.job_done[0], sim::crossbarLatency(c.design, task)) << c.what;
    EXPECT_EQ(rtl.job_done[1], sim::crossbarLatency(c.design, twice)) << c.what;
    const int64_t t_conv = sim::conversionCycles(c.design, task.cols_used);
    for (const auto& r : rtl.conversions) {
      EXPECT_EQ(r.start, r.latch) << c.what << " " << r;
      EXPECT_EQ(r.end - r.start, t_conv) << c.what << " " << r;
    }
    EXPECT_EQ(c.rtl.ties, 0);
    EXPECT_EQ(c.probe->waitCycles(), 0u) << c.what;
  }
}

// Random stimuli, kept apart by whether some cycle has two crossbars requesting together (known only
// by running them: a crossbar's later latches depend on the group). `coarse` puts job submissions and
// read times on a coarse grid, so that ties are common.
std::vector<Case> randomCases(const SequencerVariant& v, bool want_ties, uint64_t seed) {
  std::mt19937_64 rng(seed);
  auto pick = [&rng](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  std::vector<Case> cases;
  int tried = 0;
  while (cases.size() < 40 && tried < 4000) {
    ++tried;
    Case c;
    c.design = groupDesign(v, want_ties ? 5 * pick(1, 6) : pick(1, 60));
    for (int i = 0; i < v.n; ++i) c.stim.tasks.push_back({pick(1, 6), 128, want_ties ? 32 * pick(1, 4) : pick(1, 128)});
    for (int i = 0; i < v.n; ++i)
      for (int j = pick(i < 2 ? 1 : 0, 3); j > 0; --j) c.stim.jobs.push_back({i, want_ties ? 10 * pick(0, 15) : pick(0, 150)});
    const RtlRun probe_run = runRtl("adc_share_sequencer_try", c.design, c.stim);
    if ((probe_run.ties > 0) != want_ties) continue;
    cases.push_back(std::move(c));
  }
  EXPECT_EQ(cases.size(), 40u) << "too few stimuli " << (want_ties ? "with" : "without") << " ties in " << tried << " tries";
  ::testing::Test::RecordProperty(want_ties ? "tried_with_ties" : "tried_without_ties", tried);
  return cases;
}

void expectSameConversions(std::vector<Case>& cases) {
  simulateAll(cases);
  int contended = 0;
  int64_t conversions = 0, ties = 0;
  for (const Case& c : cases) {
    const GroupSchedule sc = c.probe->schedule();
    const GroupSchedule& rtl = c.rtl.schedule;
    EXPECT_EQ(rtl.conversions, sc.conversions) << c.what;
    EXPECT_EQ(rtl.job_done, sc.job_done) << c.what;
    const int64_t waited = waitedCycles(rtl);
    EXPECT_EQ(uint64_t(waited), c.probe->waitCycles()) << c.what;  // the Resource's own statistic
    EXPECT_EQ(rtl.conversions.size(), c.probe->grants()) << c.what;
    contended += waited > 0;
    conversions += int64_t(rtl.conversions.size());
    ties += c.rtl.ties;
  }
  EXPECT_GE(contended, 30) << "the stimuli should mostly contend";
  ::testing::Test::RecordProperty("contended_cases", contended);
  ::testing::Test::RecordProperty("conversions", int(conversions));
  ::testing::Test::RecordProperty("tie_cycles", int(ties));
}

TEST_P(AdcShareSequencerRtl, ContendedWithoutTiesMatchesSystemCConversionByConversion) {
  std::vector<Case> cases = randomCases(GetParam(), false, 2026 + GetParam().n);
  expectSameConversions(cases);
}

// Same-cycle requests, among them the ones that meet a crossbar whose sample-and-hold was freed in
// that cycle (it latches a delta cycle or two after the others in SystemC): served by index on both.
TEST_P(AdcShareSequencerRtl, ContendedWithTiesMatchesSystemCConversionByConversion) {
  std::vector<Case> cases = randomCases(GetParam(), true, 7 + GetParam().n);
  expectSameConversions(cases);
  for (const Case& c : cases) EXPECT_GT(c.rtl.ties, 0) << c.what;
}

TEST_P(AdcShareSequencerRtl, SameCycleTiesServeLowestIndexFirstOnBothSides) {
  const SequencerVariant& v = GetParam();
  std::vector<Case> cases;
  for (int slices : {1, 3})
    for (int t_read : {1, 5, 50})
      for (int cols : {2, 64})
        for (int vectors : {1, 2}) {
          Case c;
          c.design = groupDesign(v, t_read);
          c.stim.tasks.assign(size_t(v.n), hw::CrossbarTask{slices, 128, cols});
          for (int vec = 0; vec < vectors; ++vec)
            for (int i = 0; i < v.n; ++i) c.stim.jobs.push_back({i, 0});
          cases.push_back(std::move(c));
        }
  simulateAll(cases);
  for (const Case& c : cases) {
    const GroupSchedule sc = c.probe->schedule();
    const GroupSchedule& rtl = c.rtl.schedule;
    EXPECT_GT(c.rtl.ties, 0) << c.what;
    // The N crossbars that latched together in the first cycle are served 0, 1, ..., N-1.
    ASSERT_GE(c.rtl.order.size(), size_t(v.n));
    for (int i = 0; i < v.n; ++i) EXPECT_EQ(c.rtl.order[size_t(i)], i) << c.what;
    EXPECT_EQ(rtl.conversions, sc.conversions) << c.what;
    EXPECT_EQ(rtl.job_done, sc.job_done) << c.what;
  }
}

// Different tasks tied in the first cycle: who goes first now changes every crossbar's times, so
// only the same tie rule on both sides agrees.
TEST_P(AdcShareSequencerRtl, TiedCrossbarsWithDifferentTasksMatchSystemC) {
  const SequencerVariant& v = GetParam();
  std::vector<Case> cases;
  for (int t_read : {1, 4, 30})
    for (int first : {0, v.n - 1}) {
      Case c;
      c.design = groupDesign(v, t_read);
      for (int i = 0; i < v.n; ++i) c.stim.tasks.push_back({2 + i % 2, 128, i == first ? 128 : 8 * (i + 1)});
      for (int i = v.n - 1; i >= 0; --i) c.stim.jobs.push_back({i, 0});  // submitted in reverse index order
      cases.push_back(std::move(c));
    }
  simulateAll(cases);
  for (const Case& c : cases) {
    EXPECT_EQ(c.rtl.schedule.conversions, c.probe->schedule().conversions) << c.what;
    EXPECT_EQ(c.rtl.schedule.job_done, c.probe->schedule().job_done) << c.what;
  }
}

TEST_P(AdcShareSequencerRtl, ArrivalOrderBeatsIndexAndTiesBehindAnOlderRequestGoByIndex) {
  const SequencerVariant& v = GetParam();
  const int n = v.n;
  std::vector<Case> cases(2);
  for (Case& c : cases) {
    c.design = groupDesign(v, 1);
    c.stim.tasks.assign(size_t(n), hw::CrossbarTask{1, 128, 100});
  }
  // Requests in reverse index order, one per cycle (t_read = 1): served in arrival order.
  for (int i = n - 1; i >= 0; --i) cases[0].stim.jobs.push_back({i, int64_t(n - 1 - i)});
  // The last crossbar first, all the others one cycle later together: it, then the others by index.
  cases[1].stim.jobs.push_back({n - 1, 0});
  for (int i = 0; i < n - 1; ++i) cases[1].stim.jobs.push_back({i, 1});
  simulateAll(cases);
  std::vector<int> reverse(static_cast<size_t>(n)), older{n - 1};
  for (int i = 0; i < n; ++i) reverse[size_t(i)] = n - 1 - i;
  for (int i = 0; i < n - 1; ++i) older.push_back(i);
  EXPECT_EQ(cases[0].rtl.order, reverse);
  EXPECT_EQ(cases[1].rtl.order, older);
  for (const Case& c : cases) EXPECT_EQ(c.rtl.schedule.conversions, c.probe->schedule().conversions) << c.what;
}

}  // namespace
}  // namespace autorac::rtl
