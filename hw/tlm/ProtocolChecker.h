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
// It is always on: a few comparisons and one table insertion per call, small beside the NoC's own
// work per packet. Violations are counted per process; pimsim refuses to report a run that had one
// (a protocol violation is a simulator bug: exit 1).
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include <systemc>
#include <tlm>

namespace autorac::hw::tlmcheck {

class ProtocolChecker {
public:
  static ProtocolChecker& instance();  // the process's checker (SystemC simulates once per process)

  // Checks the payload as the initiator hands it over; returns the annotated time at the call.
  sc_core::sc_time begin(const tlm::tlm_generic_payload& gp, const sc_core::sc_time& delay, const char* where);
  // Checks what the target hands back; `due` is what begin() returned for this call.
  void end(const tlm::tlm_generic_payload& gp, const sc_core::sc_time& delay, const sc_core::sc_time& due,
           const char* where);

  uint64_t transactions() const { return transactions_; }
  uint64_t violations() const { return violations_; }
  // The first violations, as "<where>: <rule>: <what>" (a few, so a runaway bug cannot fill memory).
  const std::vector<std::string>& firstViolations() const { return first_; }
  void reset();  // for tests

private:
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
                       const char* where) {
  ProtocolChecker& checker = ProtocolChecker::instance();
  const sc_core::sc_time due = checker.begin(gp, delay, where);
  socket->b_transport(gp, delay);
  checker.end(gp, delay, due, where);
}

}  // namespace autorac::hw::tlmcheck
