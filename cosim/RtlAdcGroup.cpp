#define SC_INCLUDE_DYNAMIC_PROCESSES
#include "cosim/RtlAdcGroup.h"

#include <algorithm>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include <systemc>

#include "cosim/AdcSequencerRtl.h"
#include "hw/AdcGroup.h"
#include "hw/Clock.h"
#include "hw/Design.h"
#include "hw/TieArbiter.h"

namespace autorac::cosim {
namespace {

// The group as the crossbars see it (hw/AdcGroup.h), with the verilated sequencer deciding who is
// served and when. It is asked at the moments hw::ResourceAdcGroup's Resource would be (a request, a
// release), and decides at the same quiet point (hw/TieArbiter.h), so the SystemC kernel runs the
// chip's processes in the same order either way and the report stays byte-identical:
//  - each quiet point first clocks the RTL through the cycles since the last one (their requests as
//    they were), then evaluates the current cycle with every request made in it; a `start` wakes its
//    crossbar at once, as a Resource grant does. The current cycle's clock edge waits until a later
//    cycle is evaluated (its inputs are complete by then), and must show the same grant again.
//  - the converter then holds the group for T_conv as the project's model does, and the RTL must
//    have signalled `done` in the last of those cycles; a grant in a cycle the model did not evaluate,
//    a conversion of another length, or a request into a cycle already decided stops the run (exit 1).
class RtlAdcGroup final : public hw::AdcGroup, public hw::QuietPointUser {
public:
  RtlAdcGroup(sc_core::sc_module_name name, const hw::Design& d, const hw::Clock& clock, hw::Resource& shift_add,
              int model_skew_cycles)
      : AdcGroup(name, shift_add, d.adc.adcs_per_group), clock_(clock), name_(this->name()), skew_(model_skew_cycles), n_(d.adc.crossbars_per_group),
        alone_(d.privateAdcGroups()),
        rtl_(makeAdcSequencerRtl(d, name_)),
        cols_(size_t(n_), 1), asked_(size_t(n_)), granted_at_(size_t(n_)), done_in_(size_t(n_), -1), granted_(size_t(n_)) {
    if (!rtl_) throw std::logic_error(name_ + ": no verilated sequencer fits the design");
  }

  uint64_t busySlotCycles() const override { return busy_ + (in_use_ ? uint64_t(nowCycles() - current_grant_) : 0); }
  uint64_t grants() const override { return grants_; }
  uint64_t waitCycles() const override { return wait_cycles_; }
  uint64_t contendedGrants() const override { return contended_; }
  void trace(sc_core::sc_trace_file* tf) override { sc_core::sc_trace(tf, in_use_, name_); }

  void atQuietPoint() override {
    decideNow();
    if (decided_.start) granted_[size_t(decided_.start_idx)].notify();  // at once, as hw::Resource grants at the quiet point
  }

private:
  // The group's steps (hw/AdcGroup.h); `requester` is the crossbar's binding index in the group.
  void acquire(int requester, int64_t cols_used) override {
    const int i = requester;
    const int64_t now = nowCycles();
    if (evaluated_ == now) fail("crossbar " + std::to_string(i) + " asked after cycle " + std::to_string(now) + " was decided");
    if (requests_[now] >> i & 1u) fail("crossbar " + std::to_string(i) + " asked twice in cycle " + std::to_string(now));
    requests_[now] |= uint64_t(1) << i;
    cols_[size_t(i)] = cols_used;
    asked_[size_t(i)] = now;
    if (alone_) {
      // A private group's one crossbar (hw::Design::privateAdcGroups): its request is the cycle's only
      // one as soon as it is made, so the RTL decides it then and must grant it at once, as the
      // project's model does (no quiet point, so the kernel runs the chip's processes in the same order).
      decideNow();
      if (!decided_.start || decided_.start_idx != i)
        fail("the RTL did not grant crossbar " + std::to_string(i) + ", alone in its group, in cycle " + std::to_string(now) + " when it asked");
    } else {
      hw::arbitrateWhenQuiet(*this);
      sc_core::wait(granted_[size_t(i)]);
    }
    const int64_t granted = nowCycles(), waited = granted - asked_[size_t(i)];
    wait_cycles_ += uint64_t(waited);
    contended_ += waited > 0;
    ++grants_;
    granted_at_[size_t(i)] = current_grant_ = granted;
    in_use_ = 1;
  }

  void convert(int requester, int64_t model_t_conv) override {
    const int i = requester;
    const int64_t t_conv = model_t_conv + skew_;
    sc_core::wait(clock_.cycles(t_conv));
    const int64_t now = nowCycles();
    clockUpTo(now);
    if (done_in_[size_t(i)] != now - 1)
      fail("crossbar " + std::to_string(i) + "'s conversion granted in cycle " + std::to_string(granted_at_[size_t(i)]) +
           " should end in cycle " + std::to_string(now) + " (T_conv " + std::to_string(t_conv) + "); the RTL's done came " +
           (done_in_[size_t(i)] < granted_at_[size_t(i)] ? std::string("never") : "in cycle " + std::to_string(done_in_[size_t(i)])));
    busy_ += uint64_t(now - granted_at_[size_t(i)]);
    in_use_ = 0;
  }
  void release(int) override {
    if (!alone_) hw::arbitrateWhenQuiet(*this);  // alone, nobody waits for the group
  }

  // Clocks the RTL up to the current cycle and evaluates it with every request made in it so far.
  void decideNow() {
    const int64_t now = nowCycles();
    clockUpTo(now);
    decided_ = rtl_->evaluate(requestsIn(now), cols_);
    evaluated_ = now;
  }

  int64_t nowCycles() const { return int64_t(clock_.nowCycles()); }
  uint64_t requestsIn(int64_t cycle) const {
    auto it = requests_.find(cycle);
    return it == requests_.end() ? 0 : it->second;
  }

  // Ends the RTL's cycles before `t` (its own count, rtl_cycle_, may lag: an idle sequencer's clock
  // edges change nothing, so cycles with no request, conversion or pending request are skipped).
  void clockUpTo(int64_t t) {
    while (rtl_cycle_ < t) {
      const uint64_t req = requestsIn(rtl_cycle_);
      if (req == 0 && !active_ && evaluated_ != rtl_cycle_) {
        auto next = requests_.upper_bound(rtl_cycle_);
        rtl_cycle_ = next == requests_.end() ? t : std::min(t, next->first);
        continue;
      }
      const AdcSequencerRtl::Outputs o = rtl_->evaluate(req, cols_);
      const bool decided = evaluated_ == rtl_cycle_;
      if (o.start != (decided && decided_.start) || (o.start && o.start_idx != decided_.start_idx))
        fail("in cycle " + std::to_string(rtl_cycle_) + " the RTL " + (o.start ? "granted crossbar " + std::to_string(o.start_idx) : std::string("granted nothing")) +
             (decided ? ", not what it showed at that cycle's quiet point" : ", in a cycle the model did not arbitrate"));
      for (int i = 0; i < n_; ++i)
        if (o.done >> i & 1u) done_in_[size_t(i)] = rtl_cycle_;
      rtl_->tick();
      requests_.erase(rtl_cycle_);
      ++rtl_cycle_;
      const AdcSequencerRtl::Outputs after = rtl_->evaluate(0, cols_);
      active_ = after.busy || after.pending != 0;
    }
  }

  [[noreturn]] void fail(const std::string& what) const { throw std::logic_error("--rtl adcseq: " + name_ + ": " + what); }

  const hw::Clock& clock_;
  std::string name_;
  int skew_;
  int n_;
  bool alone_;  // a private group: decided at the request, no quiet point
  std::unique_ptr<AdcSequencerRtl> rtl_;
  std::vector<int64_t> cols_, asked_, granted_at_, done_in_;
  std::vector<sc_core::sc_event> granted_;
  std::map<int64_t, uint64_t> requests_;  // per cycle not yet clocked: bit i, crossbar i asked
  int64_t rtl_cycle_ = 0;                 // the RTL's current cycle (not yet clocked)
  int64_t evaluated_ = -1;                // the cycle last decided at a quiet point, and what it showed
  AdcSequencerRtl::Outputs decided_;
  bool active_ = false;                   // the RTL converts or holds a request
  int64_t current_grant_ = 0;
  int in_use_ = 0;
  uint64_t grants_ = 0, wait_cycles_ = 0, contended_ = 0, busy_ = 0;
};

}  // namespace

hw::AdcGroupFactory rtlAdcGroups(int model_skew_cycles) {
  return [model_skew_cycles](const hw::Design& d, const hw::Clock& clock, const char* basename, hw::Resource& shift_add) {
    return std::unique_ptr<hw::AdcGroup>(std::make_unique<RtlAdcGroup>(basename, d, clock, shift_add, model_skew_cycles));
  };
}

}  // namespace autorac::cosim
