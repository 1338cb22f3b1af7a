#include "hw/tlm/ProtocolChecker.h"

namespace autorac::hw::tlmcheck {
namespace {

constexpr size_t kViolationsKept = 16;

}  // namespace

ProtocolChecker& ProtocolChecker::instance() {
  static ProtocolChecker checker;
  return checker;
}

void ProtocolChecker::reset() {
  transactions_ = violations_ = 0;
  first_.clear();
  in_flight_.clear();
}

void ProtocolChecker::violate(const char* where, const char* rule, const std::string& what) {
  ++violations_;
  if (first_.size() < kViolationsKept) first_.push_back(std::string(where) + ": " + rule + ": " + what);
}

void ProtocolChecker::checkData(const tlm::tlm_generic_payload& gp, const char* where) {
  const bool no_data = gp.get_data_ptr() == nullptr;
  const unsigned length = gp.get_data_length();
  if (no_data && length != 0)
    violate(where, "data", "null data pointer with data length " + std::to_string(length));
  if (!no_data && length == 0) violate(where, "data", "data pointer with data length 0");
  if (gp.get_command() != tlm::TLM_IGNORE_COMMAND && length == 0)
    violate(where, "data", "a read or write of no bytes (use TLM_IGNORE_COMMAND for a payload without data)");
  if ((gp.get_byte_enable_ptr() == nullptr) != (gp.get_byte_enable_length() == 0))
    violate(where, "data", "byte-enable length " + std::to_string(gp.get_byte_enable_length()) +
                               " does not match its pointer");
}

void ProtocolChecker::enterTable(const tlm::tlm_generic_payload& gp, const sc_core::sc_object* process,
                                 const char* where) {
  const auto [it, first] = in_flight_.try_emplace(&gp, InFlight{process, 1});
  if (first) return;
  if (it->second.process == process) ++it->second.depth;  // forwarded by the target it went to
  else violate(where, "reuse", "payload sent again while still in flight");
}

void ProtocolChecker::leaveTable(const tlm::tlm_generic_payload& gp) {
  if (auto it = in_flight_.find(&gp); it != in_flight_.end() && --it->second.depth <= 0) in_flight_.erase(it);
}

void ProtocolChecker::badStatusAtStart(const tlm::tlm_generic_payload& gp, const char* where) {
  violate(where, "request", "response status " + gp.get_response_string() + " at the start of the call");
}

void ProtocolChecker::timeWentBack(const sc_core::sc_time& delay, const sc_core::sc_time& due, const char* where) {
  violate(where, "timing", "the annotated time went back from " + due.to_string() + " to " +
                               (sc_core::sc_time_stamp() + delay).to_string());
}

}  // namespace autorac::hw::tlmcheck
