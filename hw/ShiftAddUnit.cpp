#include "hw/ShiftAddUnit.h"

#include <cstring>
#include <stdexcept>
#include <string>

#include "hw/tlm/ProtocolChecker.h"

namespace autorac::hw {

ShiftAddUnit::ShiftAddUnit(sc_core::sc_module_name name, std::shared_ptr<ShiftAddModel> arithmetic)
    : sc_module(name), arithmetic_(std::move(arithmetic)) {
  from_datapath.register_b_transport(this, &ShiftAddUnit::transport);
}

void ShiftAddUnit::transport(tlm::tlm_generic_payload& gp, sc_core::sc_time&) {
  auto* vector = gp.get_extension<ShiftAddVector>();
  if (!vector || !vector->geometry || gp.get_address() != 0 || gp.get_byte_enable_ptr()) {
    gp.set_response_status(tlm::TLM_GENERIC_ERROR_RESPONSE);
    return;
  }
  const MvmGeometry& g = *vector->geometry;
  if (gp.is_write()) {
    if (gp.get_data_length() % sizeof(AdcResult) != 0) {
      gp.set_response_status(tlm::TLM_BURST_ERROR_RESPONSE);
      return;
    }
    const auto* first = reinterpret_cast<const AdcResult*>(gp.get_data_ptr());
    const std::vector<AdcResult> results(first, first + gp.get_data_length() / sizeof(AdcResult));
    try {
      sums_ = arithmetic_->accumulate(g, results);
    } catch (...) {  // the arithmetic cannot take this vector: the initiator learns why
      vector->refused = std::current_exception();
      gp.set_response_status(tlm::TLM_COMMAND_ERROR_RESPONSE);
      return;
    }
    ++vectors_;
  } else if (gp.is_read()) {
    if (gp.get_data_length() != sums_.size() * sizeof(int64_t) || int64_t(sums_.size()) != g.out_features) {
      gp.set_response_status(tlm::TLM_BURST_ERROR_RESPONSE);
      return;
    }
    std::memcpy(gp.get_data_ptr(), sums_.data(), gp.get_data_length());
  } else {
    gp.set_response_status(tlm::TLM_COMMAND_ERROR_RESPONSE);
    return;
  }
  gp.set_response_status(tlm::TLM_OK_RESPONSE);
}

ShiftAddPort::ShiftAddPort(sc_core::sc_module_name name) : sc_module(name) {}

namespace {

// A payload on the stack carrying `bytes` at `data`, with a stack-owned extension detached again
// before it goes out of scope.
struct VectorPayload {
  tlm::tlm_generic_payload gp;
  ShiftAddVector ext;
  VectorPayload(tlm::tlm_command command, const MvmGeometry& g, void* data, size_t bytes) {
    ext.geometry = &g;
    gp.set_command(command);
    gp.set_address(0);
    gp.set_data_ptr(static_cast<unsigned char*>(data));
    gp.set_data_length(unsigned(bytes));
    gp.set_streaming_width(unsigned(bytes));
    gp.set_byte_enable_ptr(nullptr);
    gp.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    gp.set_extension(&ext);
  }
  ~VectorPayload() { gp.clear_extension(&ext); }
  VectorPayload(const VectorPayload&) = delete;
  VectorPayload& operator=(const VectorPayload&) = delete;
};

}  // namespace

std::vector<int64_t> ShiftAddPort::accumulate(const MvmGeometry& g, const std::vector<AdcResult>& results) {
  std::vector<int64_t> sums(size_t(g.out_features), 0);
  if (results.empty() || sums.empty()) return sums;  // nothing converted: nothing to move
  const auto send = [&](VectorPayload& p, const char* where) {
    sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
    tlmcheck::checkedBTransport(to_shift_add, p.gp, delay, where);
    if (p.ext.refused) std::rethrow_exception(p.ext.refused);
    // The unit refuses only a malformed transaction: a simulator bug, never to be lost silently.
    if (p.gp.is_response_error())
      throw std::logic_error(std::string(where) + ": transaction refused (" + p.gp.get_response_string() + ")");
  };
  // The results are only read by the unit (a write); TLM's data pointer is not const.
  VectorPayload in(tlm::TLM_WRITE_COMMAND, g, const_cast<AdcResult*>(results.data()), results.size() * sizeof(AdcResult));
  send(in, "ShiftAddPort.to_shift_add (results)");
  VectorPayload out(tlm::TLM_READ_COMMAND, g, sums.data(), sums.size() * sizeof(int64_t));
  send(out, "ShiftAddPort.to_shift_add (sums)");
  return sums;
}

}  // namespace autorac::hw
