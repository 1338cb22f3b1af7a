#pragma once
// One ADC group (HARDWARE.md §2.3) as a SystemC module with a TLM-2.0 target socket. The converters of
// the crossbars that share it bind their initiator sockets to `from_crossbars` in crossbar order, so a
// call's binding index is the requester on the group's request lines (same-cycle requests are served
// lowest index first). A converter sends one blocking transaction per latched slice: a write of its
// AdcRequest. The call returns when the slice is converted, after these steps, in this order:
//     1. acquire(i, C_used)   the group grants crossbar i (its arbitration: the deriving module's);
//     2. the crossbar's adcs_per_group slots of the PE's S+A pool (its results go there; same-cycle
//        requests ordered by the crossbar's index in the PE, AdcRequest::pe_index);
//     3. convert(i, T_conv)   the conversion, T_conv (the model's, from the crossbar) after step 2;
//     4. the S+A slots are freed, then release(i) frees the group.
// Steps 1, 3 and 4's release are what a module deriving from AdcGroup implements: hw::ResourceAdcGroup
// (the project's model), or cosim/RtlAdcGroup (the verilated sequencer, pimsim --rtl adcseq), bound in
// its place. The timing model moves no column values (the functional datapath computes them,
// hw/FunctionalMvm): the request's fields are the data.
#include <cstdint>

#include <systemc>
#include <tlm>
#include <tlm_utils/multi_passthrough_target_socket.h>

#include "hw/AdcGroupFactory.h"
#include "hw/tlm/ProtocolChecker.h"

namespace autorac::hw {

class Resource;

struct AdcRequest {
  int pe_index = 0;       // the crossbar's place in its PE: orders its requests to the S+A pool
  int64_t cols_used = 0;  // C_used: the columns to convert
  int64_t t_conv = 0;     // T_conv in cycles (hw::CrossbarUnit::conversionCycles)
};

class AdcGroup : public sc_core::sc_module {
public:
  tlm_utils::multi_passthrough_target_socket<AdcGroup> from_crossbars{"from_crossbars"};

  // `shift_add`: the PE's S+A pool, which must outlive every transaction (hw::Pe destroys its
  // crossbars, the only initiators, first); `sa_slots`: the slots one conversion takes there (one
  // per ADC of the group).
  AdcGroup(sc_core::sc_module_name name, Resource& shift_add, int sa_slots);

  // Activity, as hw::Resource counts it: slot-cycles held, grants, cycles requests waited, grants
  // that waited a cycle or more. One slot.
  virtual uint64_t busySlotCycles() const = 0;
  virtual uint64_t grants() const = 0;
  virtual uint64_t waitCycles() const = 0;
  virtual uint64_t contendedGrants() const = 0;
  int slots() const { return 1; }
  virtual void trace(sc_core::sc_trace_file* tf) = 0;

protected:
  // Steps 1, 3 and 4 (above), each called in the requesting converter's SC_THREAD; `requester` is its
  // binding index.
  virtual void acquire(int requester, int64_t cols_used) = 0;
  virtual void convert(int requester, int64_t t_conv) = 0;
  virtual void release(int requester) = 0;

private:
  void transport(int requester, tlm::tlm_generic_payload& gp, sc_core::sc_time& delay);
  Resource& shift_add_;
  int sa_slots_;
};

// A converter's side of the link: one payload, sent once per latched slice (never two at once).
class AdcGroupLink {
public:
  AdcGroupLink();
  AdcGroupLink(const AdcGroupLink&) = delete;
  AdcGroupLink& operator=(const AdcGroupLink&) = delete;

  // Sends the request through `socket` (bound to a group's from_crossbars); returns once converted.
  template <class InitiatorSocket>
  void convert(InitiatorSocket& socket, const AdcRequest& request) {
    request_ = request;
    gp_.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
    tlmcheck::checkedBTransport(socket, gp_, delay, "CrossbarUnit.to_adc_group", &in_flight_);
    finish(delay);
  }

private:
  void finish(sc_core::sc_time& delay);
  tlm::tlm_generic_payload gp_;
  AdcRequest request_;
  tlmcheck::InFlightMark in_flight_;  // the base-protocol checker's reuse rule, kept beside the payload
};

}  // namespace autorac::hw
