#pragma once
// What the ADC-group harness feeds both sides (rtl/adc_share_sequencer.sv through AdcGroupDriver, a
// hw::Pe through ScAdcGroupProbe), and the schedule each side reports back (docs/rtl.md).
#include <cstdint>
#include <ostream>
#include <tuple>
#include <vector>

#include "hw/CrossbarTask.h"

namespace autorac::rtl {

// Job j (its tag) is submitted to crossbar `crossbar` at cycle `cycle`; a crossbar takes its jobs in
// submission order, each of its task's S input slices in turn.
struct Submission {
  int crossbar = 0;
  int64_t cycle = 0;
};

struct GroupStimulus {
  std::vector<hw::CrossbarTask> tasks;  // one per crossbar sharing the group
  std::vector<Submission> jobs;
};

// One slice's conversion: the `index`-th conversion of `crossbar`, latched into its sample-and-hold
// at `latch`, holding the ADC group over [start, end).
struct ConversionRecord {
  int crossbar = 0;
  int index = 0;
  int64_t latch = 0, start = 0, end = 0;
  auto key() const { return std::tie(crossbar, index, latch, start, end); }
  bool operator==(const ConversionRecord& o) const { return key() == o.key(); }
  bool operator<(const ConversionRecord& o) const { return key() < o.key(); }
};

inline std::ostream& operator<<(std::ostream& os, const ConversionRecord& r) {
  return os << "{xbar " << r.crossbar << " #" << r.index << " latch " << r.latch << " start " << r.start << " end "
            << r.end << "}";
}

struct GroupSchedule {
  std::vector<ConversionRecord> conversions;  // sorted by (crossbar, index)
  std::vector<int64_t> job_done;              // per job: the cycle its result leaves the S+A
};

}  // namespace autorac::rtl
