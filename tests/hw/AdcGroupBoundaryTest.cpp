// The ADC group's TLM boundary (hw/AdcGroup.h): whatever module hw::Pe binds the crossbars' sockets to
// serves every conversion, as one transaction per latched slice carrying the crossbar's request, and
// decides its timing. Real SystemC kernel, real hw::Pe and hw::CrossbarUnit.
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <vector>

#include <systemc>

#include "hw/AdcGroup.h"
#include "hw/Clock.h"
#include "hw/Pe.h"
#include "sim/analytical/AnalyticalModel.h"
#include "sim/design/DesignLoader.h"

namespace autorac::hw {
namespace {

const Clock& clock() {
  static const Clock c(sc_core::sc_time(1, sc_core::SC_NS));
  return c;
}

// Records every request and grants it at once, as if each crossbar had ADCs of its own: a group with
// no arbitration, unlike the project's (hw::ResourceAdcGroup), so that the timing shows which module
// served the conversions.
class RecordingGroup final : public AdcGroup {
public:
  struct Request {
    int requester;
    int64_t cols_used, t_conv;
  };
  RecordingGroup(sc_core::sc_module_name name, const Design& d, Resource& shift_add)
      : AdcGroup(name, shift_add, d.adc.adcs_per_group) {}
  std::vector<Request> requests;
  std::map<int, int> in_flight;  // requester -> its open request's place in `requests`

  uint64_t busySlotCycles() const override { return 0; }
  uint64_t grants() const override { return requests.size(); }
  uint64_t waitCycles() const override { return 0; }
  uint64_t contendedGrants() const override { return 0; }
  void trace(sc_core::sc_trace_file*) override {}

private:
  void acquire(int requester, int64_t cols_used) override {
    EXPECT_EQ(in_flight.count(requester), 0u) << "crossbar " << requester << " asked while converting";
    in_flight[requester] = int(requests.size());
    requests.push_back({requester, cols_used, -1});
  }
  void convert(int requester, int64_t t_conv) override {
    requests.at(size_t(in_flight.at(requester))).t_conv = t_conv;
    sc_core::wait(clock().cycles(t_conv));
  }
  void release(int requester) override { in_flight.erase(requester); }
};

TEST(AdcGroupBoundary, TheBoundModuleServesEveryConversionAsOneTransaction) {
  Design d = sim::loadDesign("isaac").design;
  d.pe.crossbars = 4;
  d.adc.crossbars_per_group = 2;  // two groups of two crossbars: with one ADC each they would queue
  d.adc.adcs_per_group = 1;
  d.adc.conversion_cycles = 1;
  d.crossbar.read_cycles = 20;
  d.shift_add.units = 64;  // the S+A pool never waits
  const CrossbarTask task{4, 128, 32};  // T_conv = 32 cycles > t_read: a shared ADC would be the bottleneck

  std::vector<RecordingGroup*> groups;
  const AdcGroupFactory recording = [&](const Design& design, const Clock&, const char* basename, Resource& shift_add) {
    auto g = std::make_unique<RecordingGroup>(basename, design, shift_add);
    groups.push_back(g.get());
    return std::unique_ptr<AdcGroup>(std::move(g));
  };
  Pe pe("pe", d, clock(), recording);
  ASSERT_EQ(groups.size(), 2u);
  ASSERT_EQ(pe.adcGroupCount(), 2);

  std::vector<uint64_t> done_at(4, 0);
  std::vector<EventCounts> counts(4);
  for (int x = 0; x < 4; ++x) {
    pe.crossbar(x).assign(task, &counts[size_t(x)]);
    pe.crossbar(x).onDone([&done_at, x](uint64_t) { done_at[size_t(x)] = clock().nowCycles(); });
    pe.crossbar(x).submit(0);
  }
  sc_core::sc_start();

  // No queueing at the recording groups: every crossbar finishes as if it were alone.
  const int64_t alone = sim::crossbarLatency(d, task);
  for (int x = 0; x < 4; ++x) EXPECT_EQ(int64_t(done_at[size_t(x)]), alone) << "crossbar " << x;
  // One transaction per slice, from the group's two crossbars (binding index = place in the group),
  // each carrying its columns and its T_conv.
  for (int g = 0; g < 2; ++g) {
    const auto& seen = groups[size_t(g)]->requests;
    ASSERT_EQ(seen.size(), size_t(2 * task.input_slices)) << "group " << g;
    std::map<int, int> per_requester;
    for (const auto& r : seen) {
      ++per_requester[r.requester];
      EXPECT_EQ(r.cols_used, task.cols_used);
      EXPECT_EQ(r.t_conv, pe.crossbar(2 * g + r.requester).conversionCycles());
    }
    EXPECT_EQ(per_requester, (std::map<int, int>{{0, task.input_slices}, {1, task.input_slices}})) << "group " << g;
    EXPECT_TRUE(groups[size_t(g)]->in_flight.empty());
  }
  EXPECT_EQ(tlmcheck::ProtocolChecker::instance().violations(), 0u);
  EXPECT_EQ(tlmcheck::ProtocolChecker::instance().transactions(), uint64_t(4 * task.input_slices));
}

}  // namespace
}  // namespace autorac::hw
