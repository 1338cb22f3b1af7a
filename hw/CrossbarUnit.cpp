#define SC_INCLUDE_DYNAMIC_PROCESSES
#include "hw/CrossbarUnit.h"

#include "hw/CrossbarEvents.h"
#include "hw/MvmGeometry.h"

namespace autorac::hw {

CrossbarUnit::CrossbarUnit(sc_core::sc_module_name name, const Design& design, const Clock& clock, int index,
                           Resource& output_register)
    : sc_module(name), design_(design), clock_(clock), index_(index),
      output_register_(output_register) {
  // Stacks of 64 KiB, not SystemC's 256 KiB: a chip has two such threads per crossbar, and creating
  // their stacks took ~12 % of a DLRM run's CPU at batch 1 (266 against 301 ms, optimized, 808
  // crossbars). They call no deeper than the ADC group's transaction (a verilated sequencer's eval
  // under --rtl adcseq): every example ran, --functional, --vcd and --rtl adcseq included, on 16 KiB,
  // the least SystemC allows (8 KiB aborts), so 64 KiB leaves 4x that, for sanitizer builds.
  sc_core::sc_spawn_options small;
  small.set_stack_size(64 * 1024);
  sc_core::sc_spawn([this] { readLoop(); }, "reader", &small);
  sc_core::sc_spawn([this] { convertLoop(); }, "converter", &small);
  sc_core::sc_spawn_options deliver_opts;
  deliver_opts.spawn_method();
  deliver_opts.dont_initialize();
  deliver_opts.set_sensitivity(&finished_);
  sc_core::sc_spawn([this] { deliver(); }, "deliver", &deliver_opts);
}

void CrossbarUnit::assign(const CrossbarTask& task, EventCounts* counts) {
  task_ = task;
  counts_ = counts;
}

int64_t CrossbarUnit::conversionCycles() const { return hw::conversionCycles(design_, task_.cols_used); }

void CrossbarUnit::submit(uint64_t tag) {
  ++inputs_held_;
  jobs_.push_back({tag, 0});
  job_submitted_.notify(sc_core::SC_ZERO_TIME);
}

void CrossbarUnit::submitWrite(int64_t rows) {
  jobs_.push_back({0, rows});
  job_submitted_.notify(sc_core::SC_ZERO_TIME);
}

void CrossbarUnit::readLoop() {
  const sc_core::sc_time t_read = clock_.cycles(design_.crossbar.read_cycles);
  for (;;) {
    while (jobs_.empty()) sc_core::wait(job_submitted_);
    const Job job = jobs_.front();
    jobs_.pop_front();
    job_started_.notify(sc_core::SC_ZERO_TIME);
    if (job.write_rows > 0) {
      // Cells are programmed row by row; the previous job's last slice may still be converting,
      // since its values already sit in the sample-and-holds.
      writing_ = true;
      sc_core::wait(clock_.cycles(job.write_rows * design_.crossbar.write_cycles_per_row));
      writing_ = false;
      crossbar_events::writeRows(job.write_rows, *counts_);
      row_writes_ += uint64_t(job.write_rows);
      continue;
    }
    const uint64_t tag = job.tag;
    for (int s = 0; s < task_.input_slices; ++s) {
      reading_ = true;
      sc_core::wait(t_read);
      reading_ = false;
      busy_read_cycles_ += uint64_t(design_.crossbar.read_cycles);
      if (s + 1 == task_.input_slices) {
        // The last slice has been applied: the input register's space for this vector is free.
        --inputs_held_;
        input_released_.notify(sc_core::SC_ZERO_TIME);
      }
      crossbar_events::read(task_, *counts_);
      // The columns stay on the bit lines until the sample-and-holds are free to latch them.
      while (held_) sc_core::wait(freed_);
      held_ = true;
      held_tag_ = tag;
      held_last_ = (s + 1 == task_.input_slices);
      crossbar_events::latch(task_, *counts_);
      latched_.notify(sc_core::SC_ZERO_TIME);
    }
  }
}

void CrossbarUnit::convertLoop() {
  for (;;) {
    while (!held_) sc_core::wait(latched_);
    if (held_last_ && task_.output_bits > 0)
      output_register_.acquire(int(MvmGeometry::outputRegisterReserve(design_, task_.output_bits)), index_);
    // One transaction: the group's grant, the S+A slots, the conversion (hw/AdcGroup.h).
    at_adc_ = true;
    adc_link_.convert(to_adc_group, AdcRequest{index_, task_.cols_used, conversionCycles()});
    at_adc_ = false;
    crossbar_events::convert(task_, *counts_);
    const bool last = held_last_;
    const uint64_t tag = held_tag_;
    held_ = false;
    freed_.notify(sc_core::SC_ZERO_TIME);
    if (last) {
      finishing_.push_back(tag);
      finished_.notify(clock_.cycles(design_.shift_add.latency_cycles));
    }
  }
}

void CrossbarUnit::outputDrained() {
  if (task_.output_bits > 0) output_register_.release(int(MvmGeometry::outputRegisterReserve(design_, task_.output_bits)));
}

void CrossbarUnit::deliver() {
  // t_sa is the same for every job, so results leave in the order their conversions ended.
  const uint64_t tag = finishing_.front();
  finishing_.pop_front();
  if (on_done_) on_done_(tag);
}

void CrossbarUnit::trace(sc_core::sc_trace_file* tf) {
  sc_core::sc_trace(tf, reading_, std::string(name()) + ".reading");
  sc_core::sc_trace(tf, at_adc_, std::string(name()) + ".at_adc");
  sc_core::sc_trace(tf, held_, std::string(name()) + ".held");
  sc_core::sc_trace(tf, writing_, std::string(name()) + ".writing");
}

}  // namespace autorac::hw
