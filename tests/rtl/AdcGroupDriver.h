#pragma once
// Layer 2 of the ADC-group harness (docs/rtl.md): the bus-functional model of the N crossbars around
// rtl/adc_share_sequencer.sv. Each crossbar's reader behaves as hw::CrossbarUnit's reader does: it takes
// its jobs in submission order, applies each input slice for t_read cycles, and latches the slice into
// its sample-and-hold as soon as that is free (the cycle after the sequencer's `done` for the previous
// slice), pulsing `req` in the latch cycle; then it reads the next slice at once. The driver records
// each conversion's latch, start and end cycles and each job's completion (end of its last conversion
// plus t_sa), and counts the cycles in which more than one crossbar latched (same-cycle ties).
#include <algorithm>
#include <cstdint>
#include <deque>
#include <stdexcept>
#include <vector>

#include "AdcGroupStimulus.h"
#include "rtl/drivers/TestBench.h"

namespace autorac::rtl {

template <class Model, class Params>
class AdcGroupDriver {
  static_assert(Params::N * Params::COL_BITS <= 64, "cols_used is driven as one 64-bit word");

public:
  AdcGroupDriver(TestBench<Model>& tb, const GroupStimulus& stim, int64_t t_read, int64_t t_sa)
      : tb_(tb), stim_(stim), t_read_(t_read), t_sa_(t_sa), xbars_(size_t(Params::N)) {
    if (int(stim.tasks.size()) != Params::N) throw std::invalid_argument("stimulus needs one task per crossbar");
    uint64_t cols = 0;
    for (int i = 0; i < Params::N; ++i) {
      const int64_t c = stim.tasks[size_t(i)].cols_used;
      if (c < 1 || c >= (int64_t(1) << Params::COL_BITS)) throw std::out_of_range("cols_used outside 1..2^COL_BITS-1");
      cols |= uint64_t(c) << (i * Params::COL_BITS);
    }
    tb_.io().cols_used = cols;
    // A crossbar takes its jobs in the order they were submitted (same cycle: stimulus order).
    std::vector<int> by_cycle(stim.jobs.size());
    for (size_t j = 0; j < by_cycle.size(); ++j) by_cycle[j] = int(j);
    std::stable_sort(by_cycle.begin(), by_cycle.end(),
                     [&](int a, int b) { return stim.jobs[size_t(a)].cycle < stim.jobs[size_t(b)].cycle; });
    for (const int j : by_cycle) xbars_.at(size_t(stim.jobs[size_t(j)].crossbar)).queue.push_back(j);
    done_.assign(stim.jobs.size(), -1);
  }

  // Runs until every job has completed; throws after `max_cycles`.
  GroupSchedule run(int64_t max_cycles = 100000) {
    size_t completed = 0;
    while (completed < stim_.jobs.size()) {
      if (tb_.cycle() >= max_cycles) throw std::runtime_error("ADC group harness: jobs still running at the cycle limit");
      const int64_t t = tb_.cycle();
      uint64_t req = 0;
      int latches = 0;
      for (int i = 0; i < Params::N; ++i)
        if (stepReader(i, t)) {
          req |= uint64_t(1) << i;
          ++latches;
        }
      if (latches > 1) ++tie_cycles_;
      auto& io = tb_.io();
      io.req = req;
      tb_.settle();
      if (io.start) {
        Xbar& x = xbars_.at(size_t(io.start_idx));
        if (!x.held || x.converting) throw std::logic_error("sequencer granted a crossbar with nothing latched");
        x.converting = true;
        records_[size_t(x.record)].start = t;
        order_.push_back(int(io.start_idx));
      }
      const uint64_t grant = io.grant, done = io.done;
      if (grant != 0 && (grant & (grant - 1)) != 0) throw std::logic_error("grant is not one-hot");
      for (int i = 0; i < Params::N; ++i) {
        if (!((done >> i) & 1)) continue;
        Xbar& x = xbars_[size_t(i)];
        if (!x.converting || !((grant >> i) & 1)) throw std::logic_error("done without a conversion");
        records_[size_t(x.record)].end = t + 1;
        x.converting = false;
        x.free_at = t + 1;  // the sample-and-hold is free from the next cycle
        if (x.record_last) {
          done_[size_t(x.record_job)] = t + 1 + t_sa_;
          ++completed;
        }
      }
      tb_.tick();
    }
    GroupSchedule s;
    s.conversions = records_;
    std::sort(s.conversions.begin(), s.conversions.end());
    s.job_done = done_;
    return s;
  }

  // Crossbar indices in the order the group served them.
  const std::vector<int>& grantOrder() const { return order_; }
  // Cycles in which two or more crossbars latched (and so requested) together.
  int64_t tieCycles() const { return tie_cycles_; }

private:
  struct Xbar {
    std::deque<int> queue;  // job indices not yet started
    int job = -1, slice = 0;
    bool reading = false, ready = false;  // applying a slice / slice applied, waiting to latch
    int64_t read_end = 0;
    bool held = false, converting = false;
    int64_t free_at = 0;  // held slice's conversion ended; sample-and-hold free from this cycle
    int record = -1, record_job = -1, conversions = 0;
    bool record_last = false;
  };

  void startNextJob(Xbar& x, int64_t t) {
    if (x.queue.empty() || stim_.jobs[size_t(x.queue.front())].cycle > t) return;
    x.job = x.queue.front();
    x.queue.pop_front();
    x.slice = 0;
    x.reading = true;
    x.read_end = t + t_read_;
  }

  // The reader of crossbar i in cycle t; true when it latches a slice (and requests the group).
  bool stepReader(int i, int64_t t) {
    Xbar& x = xbars_[size_t(i)];
    if (x.held && x.free_at > 0 && x.free_at <= t) {  // `done` came in the previous cycle
      x.held = false;
      x.free_at = 0;
    }
    if (!x.reading && !x.ready && x.job < 0) startNextJob(x, t);
    if (x.reading && t == x.read_end) {
      x.reading = false;
      x.ready = true;
    }
    if (!x.ready || x.held) return false;
    // Latch: the slice goes to the sample-and-hold and asks for the ADC group.
    x.ready = false;
    x.held = true;
    x.free_at = 0;
    const int slices = stim_.tasks[size_t(i)].input_slices;
    ConversionRecord r;
    r.crossbar = i;
    r.index = x.conversions++;
    r.latch = t;
    x.record = int(records_.size());
    x.record_job = x.job;
    x.record_last = x.slice + 1 == slices;
    records_.push_back(r);
    if (x.slice + 1 < slices) {
      ++x.slice;
      x.reading = true;
      x.read_end = t + t_read_;
    } else {
      x.job = -1;
      startNextJob(x, t);
    }
    return true;
  }

  TestBench<Model>& tb_;
  const GroupStimulus& stim_;
  int64_t t_read_, t_sa_;
  std::vector<Xbar> xbars_;
  std::vector<ConversionRecord> records_;
  std::vector<int64_t> done_;
  std::vector<int> order_;
  int64_t tie_cycles_ = 0;
};

}  // namespace autorac::rtl
