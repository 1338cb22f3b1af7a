#pragma once
// One crossbar with its DACs, sample-and-holds and the path to its ADC group and the PE's S+A units
// (HARDWARE.md §2). Two processes: the reader applies input slices (t_read each) and latches the
// columns into the sample-and-holds as soon as they are free; the converter takes each latched slice
// through the ADC group (shared, so it may wait) and the S+A units (shared, so it may wait), taking
// T_conv = ceil(C_used / adcs_per_group) · t_adc. A job's result is ready t_sa after its last
// conversion. Uncontended, one job takes exactly
//     L_xbar = t_read + (S − 1) · max(t_read, T_conv) + T_conv + t_sa.
// Jobs (one input vector each) queue and run back to back; the reader of job n+1 overlaps the
// conversions of job n just as slices do.
// The S+A writes a job's results (task.output_bits) into the PE's output register during its last
// conversion, so that conversion waits for room there. The register is shared by the PE's crossbars,
// first come first served: same-cycle requests go in the kernel's order and are granted at once, so
// that the ADC group, asked next, still hears the request within its cycle. The room frees when the
// drain has taken the results (outputDrained()). A full register so stalls the converter, then the
// sample-and-hold, the reader and the dispatch.
#include <cstdint>
#include <deque>
#include <functional>
#include <string>

#include <systemc>
#include <tlm_utils/simple_initiator_socket.h>

#include "hw/AdcGroup.h"
#include "hw/CrossbarTask.h"
#include "hw/Design.h"
#include "hw/EventCounts.h"
#include "hw/Resource.h"

namespace autorac::hw {

class CrossbarUnit : public sc_core::sc_module {
public:
  // `index`: the crossbar's place in its PE, which orders its same-cycle requests to the shared units.
  // Its ADC group, and through it the PE's S+A units, is whatever module `to_adc_group` is bound to
  // (hw::Pe binds it).
  CrossbarUnit(sc_core::sc_module_name name, const Design& design, const Clock& clock, int index, Resource& output_register);

  tlm_utils::simple_initiator_socket<CrossbarUnit> to_adc_group{"to_adc_group"};


  // Set by the mapper before the simulation starts.
  void assign(const CrossbarTask& task, EventCounts* counts);
  // Called with a job's tag at the cycle its result leaves the S+A.
  void onDone(std::function<void(uint64_t)> callback) { on_done_ = std::move(callback); }

  // Queue one job; may be called from any process. pending() counts jobs not yet started.
  void submit(uint64_t tag);
  // Queue a run-time write of `rows` rows (a dynamic operand): the crossbar programs them one after
  // another, write_cycles_per_row each, before it reads again. No completion callback.
  void submitWrite(int64_t rows);
  size_t pending() const { return jobs_.size(); }
  const sc_core::sc_event& jobStarted() const { return job_started_; }
  // Input vectors in the input register for this crossbar: submitted and not yet fully read.
  int inputsHeld() const { return inputs_held_; }
  const sc_core::sc_event& inputReleased() const { return input_released_; }
  // The drain has moved one job's results out of the output register (in job order).
  void outputDrained();

  int64_t conversionCycles() const;  // T_conv of the assigned task
  uint64_t busyReadCycles() const { return busy_read_cycles_; }
  uint64_t rowWrites() const { return row_writes_; }
  void trace(sc_core::sc_trace_file* tf);

private:
  void readLoop();
  void convertLoop();
  void deliver();

  const Design& design_;
  const Clock& clock_;
  int index_;
  AdcGroupLink adc_link_;
  Resource& output_register_;
  CrossbarTask task_;
  EventCounts* counts_ = nullptr;
  std::function<void(uint64_t)> on_done_;

  struct Job {
    uint64_t tag;
    int64_t write_rows;  // > 0: a write job
  };
  std::deque<Job> jobs_;
  sc_core::sc_event job_submitted_, job_started_, input_released_;
  int inputs_held_ = 0;
  // The sample-and-hold stage between reader and converter: one latched slice at a time.
  bool held_ = false, held_last_ = false;
  uint64_t held_tag_ = 0;
  sc_core::sc_event latched_, freed_;
  std::deque<uint64_t> finishing_;  // tags whose last conversion ended, in order
  sc_core::sc_event_queue finished_;
  uint64_t busy_read_cycles_ = 0, row_writes_ = 0;
  bool reading_ = false, at_adc_ = false, writing_ = false;  // for waveforms
};

}  // namespace autorac::hw
