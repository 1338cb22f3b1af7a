#pragma once
// When index-ordered resources (Resource::Order::Index) decide their grants: once per time step, after
// every process that runs in it has run. Requests of one cycle can come from different delta cycles
// (a crossbar whose sample-and-hold was freed this cycle latches a delta or two after one whose read
// just ended), so a grant decided at the first request would serve kernel order, not index order as
// the RTL does (rtl/adc_share_sequencer.sv). One process per simulation waits, delta by delta, until
// nothing else is runnable at the current time, then lets each resource that asked grant its queue;
// grants wake their requesters at once, which may ask again, and the process waits again. A single
// process: two that each waited for the other to be quiet would wait forever.
namespace autorac::hw {

// What decides at the quiet point: hw::Resource (Order::Index) grants its queue; a verilated ADC
// sequencer (cosim/RtlAdcGroup, pimsim --rtl adcseq) evaluates its cycle.
class QuietPointUser {
public:
  virtual void atQuietPoint() = 0;

protected:
  ~QuietPointUser() = default;
};

// Asks for u.atQuietPoint() to run at the current time, once nothing else can run. Call from a process.
void arbitrateWhenQuiet(QuietPointUser& u);

}  // namespace autorac::hw
