#pragma once
// A checker of the TLM-2.0 base protocol's rules for blocking transport (IEEE 1666-2011 §11.1, §14),
// which Debian's SystemC does not ship. Every b_transport call in hw/ goes through
// checkedBTransport(), which checks the payload and the timing annotation before the call and after it
// returns, so each socket pair is checked on every transaction it carries. The rules:
//   request   the response status is TLM_INCOMPLETE_RESPONSE when the call starts (the initiator sets it)
//   response  on return the target has set a response status (no longer TLM_INCOMPLETE_RESPONSE)
//   data      the data length matches the pointer: a null data pointer has length 0 and a non-null one
//             a length above 0; a read or write moves at least one byte (a payload that carries only
//             timing or extensions is a TLM_IGNORE_COMMAND with no data); the same for byte enables
//   reuse     a payload is not sent again while a transport call carrying it is still in flight, but
//             by the target it went to, passing it on (the same process, nested in that call: an
//             interconnect forwarding the transaction, as the NoC's network interfaces do)
//   timing    the annotation is never negative: sc_time is unsigned, so a negative delay shows as a
//             wrapped value above half the time range; and on return the annotated time (now + delay)
//             is not earlier than when the call started (a target may consume the delay by waiting,
//             never undo time)
// It is always on: a few inline comparisons per call, plus one table insertion for a payload whose
// initiator keeps no InFlightMark (small beside the NoC's own work per packet). Violations are
// counted per process; pimsim refuses to report a run that had one (a protocol violation is a
// simulator bug: exit 1).
#include <cstdint>
#include <limits>
#include <string>
#include <unordered_map>
#include <vector>

#include <systemc>
#include <tlm>

namespace autorac::hw::tlmcheck {

// Where the reuse rule counts a payload's calls in flight. An initiator that owns one payload for the
// whole run (a converter's ADC-group link, hw/AdcGroup.h: one call per conversion) keeps the count
// beside it and passes it in, so the checker needs no table insertion per call; any other payload is
// counted in the checker's table. A payload sent with a mark must always be sent with that same mark:
// the checker does not compare marks with its table, so mixing them would hide a reuse.
struct InFlightMark {
  const sc_core::sc_object* process = nullptr;  // that sent it first
  int depth = 0;                                // calls carrying it now: 0 when none
};

class ProtocolChecker {
public:
  static ProtocolChecker& instance();  // the process's checker (SystemC simulates once per process)

  // Checks the payload as the initiator hands it over; returns the annotated time at the call.
  // `mark`: the payload's own in-flight count (see InFlightMark), or null to use the checker's table.
  // Inline, with every violation reported out of line: the ADC groups make millions of calls a run.
  sc_core::sc_time begin(const tlm::tlm_generic_payload& gp, const sc_core::sc_time& delay, const char* where,
                         InFlightMark* mark = nullptr) {
    ++transactions_;
    const sc_core::sc_object* process = sc_core::sc_get_current_process_b();
    if (!mark) {
      enterTable(gp, process, where);
    } else {
      if (mark->depth == 0) mark->process = process;
      else if (mark->process != process) violate(where, "reuse", "payload sent again while still in flight");
      ++mark->depth;  // a second call from the same process: forwarded by the target it went to
    }
    if (gp.get_response_status() != tlm::TLM_INCOMPLETE_RESPONSE) badStatusAtStart(gp, where);
    if (!dataWellFormed(gp)) checkData(gp, where);
    const sc_core::sc_time& now = sc_core::sc_get_curr_simcontext()->time_stamp();
    if (wrappedNegative(delay)) {
      violate(where, "timing", "negative delay annotation at the call");
      return now;
    }
    return now + delay;
  }
  // Checks what the target hands back; `due` is what begin() returned for this call.
  void end(const tlm::tlm_generic_payload& gp, const sc_core::sc_time& delay, const sc_core::sc_time& due,
           const char* where, InFlightMark* mark = nullptr) {
    if (!mark) leaveTable(gp);
    else if (mark->depth > 0) --mark->depth;
    if (gp.get_response_status() == tlm::TLM_INCOMPLETE_RESPONSE)
      violate(where, "response", "the target returned without setting a response status");
    if (wrappedNegative(delay)) violate(where, "timing", "negative delay annotation on return");
    else if (sc_core::sc_get_curr_simcontext()->time_stamp() + delay < due) timeWentBack(delay, due, where);
  }

  uint64_t transactions() const { return transactions_; }
  uint64_t violations() const { return violations_; }
  // The first violations, as "<where>: <rule>: <what>" (a few, so a runaway bug cannot fill memory).
  const std::vector<std::string>& firstViolations() const { return first_; }
  void reset();  // for tests

private:
  // sc_time cannot be negative; a negative delay computed by mistake wraps around to a huge value.
  static bool wrappedNegative(const sc_core::sc_time& t) {
    return t.value() > (std::numeric_limits<sc_core::sc_time::value_type>::max() >> 1);
  }
  // The data rule's common case, checked inline: a write or read of some bytes, or an ignore command
  // without data; byte enables absent or sized.
  static bool dataWellFormed(const tlm::tlm_generic_payload& gp) {
    const bool no_data = gp.get_data_ptr() == nullptr;
    const unsigned length = gp.get_data_length();
    return no_data == (length == 0) && (gp.get_command() == tlm::TLM_IGNORE_COMMAND || length != 0) &&
           (gp.get_byte_enable_ptr() == nullptr) == (gp.get_byte_enable_length() == 0);
  }
  void enterTable(const tlm::tlm_generic_payload& gp, const sc_core::sc_object* process, const char* where);
  void leaveTable(const tlm::tlm_generic_payload& gp);
  void badStatusAtStart(const tlm::tlm_generic_payload& gp, const char* where);
  void timeWentBack(const sc_core::sc_time& delay, const sc_core::sc_time& due, const char* where);
  void violate(const char* where, const char* rule, const std::string& what);
  void checkData(const tlm::tlm_generic_payload& gp, const char* where);

  uint64_t transactions_ = 0, violations_ = 0;
  std::vector<std::string> first_;
  struct InFlight {
    const sc_core::sc_object* process;  // that sent it first
    int depth;                          // calls carrying it now: 1, more when forwarded
  };
  std::unordered_map<const tlm::tlm_generic_payload*, InFlight> in_flight_;
};

// b_transport through `socket` (an initiator socket) with the base-protocol checks around it.
template <class InitiatorSocket>
void checkedBTransport(InitiatorSocket& socket, tlm::tlm_generic_payload& gp, sc_core::sc_time& delay,
                       const char* where, InFlightMark* mark = nullptr) {
  ProtocolChecker& checker = ProtocolChecker::instance();
  const sc_core::sc_time due = checker.begin(gp, delay, where, mark);
  socket->b_transport(gp, delay);
  checker.end(gp, delay, due, where, mark);
}

}  // namespace autorac::hw::tlmcheck
