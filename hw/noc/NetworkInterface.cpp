#include "hw/noc/NetworkInterface.h"

#include <cstring>
#include <stdexcept>
#include <string>

#include "hw/tlm/ProtocolChecker.h"

namespace autorac::hw::noc {

PacketPayload::PacketPayload(TileId other, int64_t bits, EventCounts* counts, const PacketValues* values) {
  ext.bits = bits;
  ext.counts = counts;
  gp.set_address(sc_dt::uint64(other.value));
  if (values && values->count) {
    // A write of the values: the packet's size on the wire is still the extension's bits (the modelled
    // width), its data the values' storage. A write's target only reads the data, so the pointer may
    // point at the sender's const buffer.
    ext.landing = values->landing;
    gp.set_command(tlm::TLM_WRITE_COMMAND);
    gp.set_data_ptr(reinterpret_cast<unsigned char*>(const_cast<int64_t*>(values->values)));
    gp.set_data_length(unsigned(values->bytes()));
    gp.set_streaming_width(unsigned(values->bytes()));
  } else {
    // A timing-only payload: no data moves, so the base protocol's command for it is
    // TLM_IGNORE_COMMAND with a null data pointer and length 0 (hw/tlm/ProtocolChecker.h).
    gp.set_command(tlm::TLM_IGNORE_COMMAND);
    gp.set_data_ptr(nullptr);
    gp.set_data_length(0);
    gp.set_streaming_width(0);
  }
  gp.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
  gp.set_extension(&ext);
}

TilePort::TilePort(sc_core::sc_module_name name, TileId tile) : sc_module(name), tile_(tile) {
  from_network.register_b_transport(this, &TilePort::receive);
}

void TilePort::send(TileId to, int64_t bits, EventCounts& counts, const PacketValues* values) {
  PacketPayload p(to, bits, &counts, values);
  sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
  tlmcheck::checkedBTransport(to_network, p.gp, delay, "TilePort.to_network");
  // The network refuses only a malformed packet (no PacketExtension, an unsynchronised sender): a
  // simulator bug, never to be lost silently.
  if (p.gp.is_response_error())
    throw std::logic_error("mesh: tile " + std::to_string(tile_.value) + " -> " + std::to_string(to.value) + ": packet refused (" +
                           p.gp.get_response_string() + ")");
  if (delay != sc_core::SC_ZERO_TIME) sc_core::wait(delay);
}

void TilePort::receive(tlm::tlm_generic_payload& gp, sc_core::sc_time&) {
  const auto* ext = gp.get_extension<PacketExtension>();
  if (gp.is_write()) {
    // The carried values land in the receiver's buffer: the only copy the receiver computes with.
    if (!ext || !ext->landing || gp.get_data_length() % sizeof(int64_t) != 0) {
      gp.set_response_status(tlm::TLM_GENERIC_ERROR_RESPONSE);
      return;
    }
    std::memcpy(ext->landing, gp.get_data_ptr(), gp.get_data_length());
    values_received_ += gp.get_data_length() / sizeof(int64_t);
  } else if (gp.get_command() != tlm::TLM_IGNORE_COMMAND) {  // a tile port is not read from
    gp.set_response_status(tlm::TLM_COMMAND_ERROR_RESPONSE);
    return;
  }
  ++packets_received_;
  if (ext) bits_received_ += uint64_t(ext->bits);
  gp.set_response_status(tlm::TLM_OK_RESPONSE);
}

NetworkInterface::NetworkInterface(sc_core::sc_module_name name) : sc_module(name) {
  from_tile.register_b_transport(this, &NetworkInterface::send);
  from_mesh.register_b_transport(this, &NetworkInterface::deliver);
}

void NetworkInterface::send(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay) {
  // The NoC is cycle-accurate: a sender running ahead of simulated time synchronises first.
  if (delay != sc_core::SC_ZERO_TIME) {
    sc_core::wait(delay);
    delay = sc_core::SC_ZERO_TIME;
  }
  if (!gp.get_extension<PacketExtension>()) {
    gp.set_response_status(tlm::TLM_GENERIC_ERROR_RESPONSE);
    return;
  }
  // Forwarded as it is (an interconnect passes the transaction on); the mesh sets its response.
  tlmcheck::checkedBTransport(to_mesh, gp, delay, "NetworkInterface.to_mesh");
}

void NetworkInterface::deliver(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay) {
  tlmcheck::checkedBTransport(to_tile, gp, delay, "NetworkInterface.to_tile");
}

}  // namespace autorac::hw::noc
