#define SC_INCLUDE_DYNAMIC_PROCESSES
#include "ScAdcGroupProbe.h"

#include <algorithm>
#include <numeric>
#include <stdexcept>

namespace autorac::rtl {

ScAdcGroupProbe::ScAdcGroupProbe(const std::string& name, hw::Design design, GroupStimulus stimulus)
    : design_(std::move(design)), stim_(std::move(stimulus)) {
  const int n = int(stim_.tasks.size());
  design_.pe.crossbars = n;
  design_.adc.crossbars_per_group = n;
  pe_ = std::make_unique<hw::Pe>(name.c_str(), design_, clock_);
  counts_.assign(size_t(n), hw::EventCounts{});
  latches_.assign(size_t(n), {});
  ends_.assign(size_t(n), {});
  done_.assign(stim_.jobs.size(), -1);
  for (int i = 0; i < n; ++i) {
    hw::CrossbarUnit& x = pe_->crossbar(i);
    x.assign(stim_.tasks[size_t(i)], &counts_[size_t(i)]);
    x.onDone([this](uint64_t tag) {
      done_.at(size_t(tag)) = int64_t(clock_.nowCycles());
      ++completed_;
    });
  }
  sc_core::sc_spawn([this] { drive(); }, (name + "_driver").c_str());
  sc_core::sc_spawn([this] { monitor(); }, (name + "_monitor").c_str());
}

ScAdcGroupProbe::~ScAdcGroupProbe() = default;

void ScAdcGroupProbe::drive() {
  std::vector<size_t> order(stim_.jobs.size());
  std::iota(order.begin(), order.end(), size_t(0));
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return stim_.jobs[a].cycle < stim_.jobs[b].cycle; });
  for (const size_t j : order) {
    const int64_t at = stim_.jobs[j].cycle;
    const int64_t now = int64_t(clock_.nowCycles());
    if (at > now) sc_core::wait(clock_.cycles(at - now));
    pe_->crossbar(stim_.jobs[j].crossbar).submit(uint64_t(j));
  }
}

void ScAdcGroupProbe::monitor() {
  const int n = int(stim_.tasks.size());
  std::vector<uint64_t> holds(size_t(n), 0), convs(size_t(n), 0);
  uint64_t grants = 0;
  sc_core::wait(clock_.cycles(1) / 2);
  for (;;) {
    const int64_t t = int64_t(clock_.nowCycles());  // the boundary just passed
    for (int i = 0; i < n; ++i) {
      const uint64_t cols = uint64_t(stim_.tasks[size_t(i)].cols_used);
      const hw::EventCounts& c = counts_[size_t(i)];
      if (c.sample_holds - holds[size_t(i)] > cols || c.adc_conversions - convs[size_t(i)] > cols) {
        error_ = "two latches or two conversion ends of one crossbar in one cycle";
        return;
      }
      if (c.sample_holds != holds[size_t(i)]) latches_[size_t(i)].push_back(t);
      if (c.adc_conversions != convs[size_t(i)]) ends_[size_t(i)].push_back(t);
      holds[size_t(i)] = c.sample_holds;
      convs[size_t(i)] = c.adc_conversions;
    }
    const uint64_t g = pe_->adcGroup(0).grants();
    if (g - grants > 1) {
      error_ = "two ADC-group grants in one cycle";
      return;
    }
    if (g != grants) starts_.push_back(t);
    grants = g;
    if (completed_ == stim_.jobs.size()) return;
    if (t > kMaxCycles) {
      error_ = "jobs still running at the cycle limit";
      return;
    }
    sc_core::wait(clock_.cycles(1));
  }
}

GroupSchedule ScAdcGroupProbe::schedule() const {
  // Processes must not throw through the kernel: the monitor leaves its complaint here.
  if (!error_.empty()) throw std::logic_error("SystemC ADC group: " + error_);
  GroupSchedule s;
  for (size_t i = 0; i < latches_.size(); ++i) {
    if (latches_[i].size() != ends_[i].size()) throw std::logic_error("a latched slice was never converted");
    for (size_t k = 0; k < latches_[i].size(); ++k) {
      ConversionRecord r;
      r.crossbar = int(i);
      r.index = int(k);
      r.latch = latches_[i][k];
      r.end = ends_[i][k];
      s.conversions.push_back(r);
    }
  }
  // The group is serial: the k-th conversion to end is the k-th to start.
  if (starts_.size() != s.conversions.size()) throw std::logic_error("grants and conversions disagree");
  std::vector<size_t> by_end(s.conversions.size());
  std::iota(by_end.begin(), by_end.end(), size_t(0));
  std::stable_sort(by_end.begin(), by_end.end(), [&](size_t a, size_t b) { return s.conversions[a].end < s.conversions[b].end; });
  for (size_t k = 0; k < by_end.size(); ++k) s.conversions[by_end[k]].start = starts_[k];
  std::sort(s.conversions.begin(), s.conversions.end());
  s.job_done = done_;
  return s;
}

uint64_t ScAdcGroupProbe::waitCycles() const { return pe_->adcGroup(0).waitCycles(); }
uint64_t ScAdcGroupProbe::grants() const { return pe_->adcGroup(0).grants(); }

}  // namespace autorac::rtl
