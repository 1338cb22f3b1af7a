#pragma once
// The target side of a socket that takes one write of a fixed-size struct per call (an ADC group's
// request, a router's call): what the base protocol answers a payload it cannot take. Another command,
// another size of data (or none), a streaming width other than the length, byte enables: each has its
// own error response (IEEE 1666-2011, 14.17), so an initiator's bug is named, never taken silently.
#include <cstddef>

#include <tlm>

namespace autorac::hw::tlmcheck {

// TLM_OK_RESPONSE when `gp` is a write of exactly `size` bytes the target can take, else the error
// response it answers (and sets nothing else).
inline tlm::tlm_response_status fixedWriteStatus(const tlm::tlm_generic_payload& gp, size_t size) {
  if (!gp.is_write()) return tlm::TLM_COMMAND_ERROR_RESPONSE;
  if (gp.get_data_ptr() == nullptr || gp.get_data_length() != size || gp.get_streaming_width() != gp.get_data_length())
    return tlm::TLM_BURST_ERROR_RESPONSE;
  if (gp.get_byte_enable_ptr() != nullptr) return tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE;
  return tlm::TLM_OK_RESPONSE;
}

}  // namespace autorac::hw::tlmcheck
