#pragma once
// The SystemC side of the ADC-group harness (docs/rtl.md): one hw::Pe whose crossbars all share one
// ADC group (adc.crossbars_per_group = pe.crossbars), each given its task and the stimulus's jobs via
// CrossbarUnit::submit at their cycles, as tests/hw/CrossbarTimingTest.cpp does. The model is observed
// without touching it: a monitor process samples, half a cycle after every cycle boundary, each
// crossbar's EventCounts (sample_holds grows by C_used when a slice latches, adc_conversions when its
// conversion ends) and the group's grant count (which grows when a conversion starts). Construct every
// probe, run sc_start() once, then read schedule().
#include <memory>
#include <string>
#include <vector>

#include "AdcGroupStimulus.h"
#include "hw/Design.h"
#include "hw/EventCounts.h"
#include "hw/Pe.h"

namespace autorac::rtl {

class ScAdcGroupProbe {
public:
  // `design`'s pe.crossbars and adc.crossbars_per_group are set to the stimulus's crossbar count.
  ScAdcGroupProbe(const std::string& name, hw::Design design, GroupStimulus stimulus);
  ScAdcGroupProbe(const ScAdcGroupProbe&) = delete;
  ScAdcGroupProbe& operator=(const ScAdcGroupProbe&) = delete;
  ~ScAdcGroupProbe();

  // After sc_start(). Throws if what the monitor saw cannot be a serial ADC group's schedule.
  GroupSchedule schedule() const;
  // The ADC group's statistics: cycles spent waiting by all requests, and grants.
  uint64_t waitCycles() const;
  uint64_t grants() const;

private:
  void drive();
  void monitor();

  hw::Design design_;  // the Pe keeps a reference
  hw::Clock clock_{sc_core::sc_time(1, sc_core::SC_NS)};  // 1 ns cycles; the Pe keeps a reference
  GroupStimulus stim_;
  std::unique_ptr<hw::Pe> pe_;
  std::vector<hw::EventCounts> counts_;
  std::vector<std::vector<int64_t>> latches_, ends_;  // per crossbar
  std::vector<int64_t> starts_;
  std::vector<int64_t> done_;
  size_t completed_ = 0;
  std::string error_;
  static constexpr int64_t kMaxCycles = 1000000;
};

}  // namespace autorac::rtl
