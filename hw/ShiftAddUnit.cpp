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
  if (!vector || !vector->geometry) {
    gp.set_response_status(tlm::TLM_GENERIC_ERROR_RESPONSE);
    return;
  }
  try {
    gp.set_response_status(take(gp, *vector->geometry));
  } catch (...) {  // the arithmetic cannot take this vector: the initiator learns why
    vector->refused = std::current_exception();
    open_ = nullptr;
    gp.set_response_status(tlm::TLM_COMMAND_ERROR_RESPONSE);
  }
}

tlm::tlm_response_status ShiftAddUnit::take(tlm::tlm_generic_payload& gp, const MvmGeometry& g) {
  if (gp.get_address() != 0) return tlm::TLM_ADDRESS_ERROR_RESPONSE;
  if (gp.get_byte_enable_ptr()) return tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE;
  if (gp.get_streaming_width() != gp.get_data_length()) return tlm::TLM_BURST_ERROR_RESPONSE;
  if (open_ && open_ != &g) return tlm::TLM_GENERIC_ERROR_RESPONSE;  // a vector's writes and read name one matrix
  if (gp.is_write()) {
    if (gp.get_data_length() % sizeof(AdcResult) != 0) return tlm::TLM_BURST_ERROR_RESPONSE;
    if (!open_) {
      arithmetic_->begin(g);
      open_ = &g;
    }
    arithmetic_->add(reinterpret_cast<const AdcResult*>(gp.get_data_ptr()), gp.get_data_length() / sizeof(AdcResult));
    return tlm::TLM_OK_RESPONSE;
  }
  if (gp.is_read()) {
    if (!open_ || gp.get_data_length() != size_t(g.out_features) * sizeof(int64_t)) return tlm::TLM_BURST_ERROR_RESPONSE;
    const std::vector<int64_t> sums = arithmetic_->sums();
    open_ = nullptr;
    if (sums.size() != size_t(g.out_features)) return tlm::TLM_GENERIC_ERROR_RESPONSE;
    std::memcpy(gp.get_data_ptr(), sums.data(), gp.get_data_length());
    ++vectors_;
    return tlm::TLM_OK_RESPONSE;
  }
  return tlm::TLM_COMMAND_ERROR_RESPONSE;
}

ShiftAddPort::ShiftAddPort(sc_core::sc_module_name name, size_t chunk) : sc_module(name), chunk_(chunk) {
  if (chunk_ == 0) throw std::invalid_argument("ShiftAddPort: a write carries at least one result");
  buffer_.reserve(chunk_);
}

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

template <class Socket>
void send(Socket& socket, VectorPayload& p, const char* where) {
  sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
  tlmcheck::checkedBTransport(socket, p.gp, delay, where);
  if (p.ext.refused) std::rethrow_exception(p.ext.refused);
  // The unit refuses only a malformed transaction otherwise: a simulator bug, never to be lost silently.
  if (p.gp.is_response_error())
    throw std::logic_error(std::string(where) + ": transaction refused (" + p.gp.get_response_string() + ")");
}

}  // namespace

void ShiftAddPort::begin(const MvmGeometry& g) {
  g_ = &g;
  buffer_.clear();
  written_ = false;
}

void ShiftAddPort::add(const AdcResult* results, size_t count) {
  for (size_t i = 0; i < count; ++i) {
    buffer_.push_back(results[i]);
    if (buffer_.size() == chunk_) writeBuffered();
  }
}

void ShiftAddPort::writeBuffered() {
  if (buffer_.empty()) return;
  VectorPayload p(tlm::TLM_WRITE_COMMAND, *g_, buffer_.data(), buffer_.size() * sizeof(AdcResult));
  send(to_shift_add, p, "ShiftAddPort.to_shift_add (results)");
  buffer_.clear();
  written_ = true;
}

std::vector<int64_t> ShiftAddPort::sums() {
  writeBuffered();
  std::vector<int64_t> sums(size_t(g_->out_features), 0);
  if (!written_ || sums.empty()) return sums;  // nothing converted: nothing to read
  VectorPayload p(tlm::TLM_READ_COMMAND, *g_, sums.data(), sums.size() * sizeof(int64_t));
  send(to_shift_add, p, "ShiftAddPort.to_shift_add (sums)");
  return sums;
}

}  // namespace autorac::hw
