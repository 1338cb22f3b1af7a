#include "hw/AdcGroup.h"

#include <cstring>
#include <stdexcept>
#include <string>

#include "hw/Resource.h"

namespace autorac::hw {

AdcGroup::AdcGroup(sc_core::sc_module_name name, Resource& shift_add, int sa_slots)
    : sc_module(name), shift_add_(shift_add), sa_slots_(sa_slots) {
  from_crossbars.register_b_transport(this, &AdcGroup::transport);
}

void AdcGroup::transport(int requester, tlm::tlm_generic_payload& gp, sc_core::sc_time& delay) {
  // The group is cycle-accurate: a converter running ahead of simulated time synchronises first.
  if (delay != sc_core::SC_ZERO_TIME) {
    sc_core::wait(delay);
    delay = sc_core::SC_ZERO_TIME;
  }
  // The base protocol's answers to what this target cannot take: another command, another size of
  // data (or none), byte enables.
  if (!gp.is_write()) {
    gp.set_response_status(tlm::TLM_COMMAND_ERROR_RESPONSE);
    return;
  }
  if (gp.get_data_ptr() == nullptr || gp.get_data_length() != sizeof(AdcRequest) ||
      gp.get_streaming_width() != gp.get_data_length()) {
    gp.set_response_status(tlm::TLM_BURST_ERROR_RESPONSE);
    return;
  }
  if (gp.get_byte_enable_ptr() != nullptr) {
    gp.set_response_status(tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE);
    return;
  }
  AdcRequest r;
  std::memcpy(&r, gp.get_data_ptr(), sizeof r);
  acquire(requester, r.cols_used);
  shift_add_.acquire(sa_slots_, r.pe_index);
  convert(requester, r.t_conv);
  shift_add_.release(sa_slots_);
  release(requester);
  gp.set_response_status(tlm::TLM_OK_RESPONSE);
}

AdcGroupLink::AdcGroupLink() {
  gp_.set_command(tlm::TLM_WRITE_COMMAND);
  gp_.set_address(0);
  gp_.set_data_ptr(reinterpret_cast<unsigned char*>(&request_));
  gp_.set_data_length(sizeof request_);
  gp_.set_streaming_width(sizeof request_);
}

void AdcGroupLink::finish(sc_core::sc_time& delay) {
  // A group refuses only a payload that is not a request: a simulator bug, never to be lost silently.
  if (gp_.is_response_error())
    throw std::logic_error(std::string("ADC group refused a request (") + gp_.get_response_string() + ")");
  if (delay != sc_core::SC_ZERO_TIME) sc_core::wait(delay);
}

}  // namespace autorac::hw
