#include "hw/noc/NetworkInterface.h"

#include "hw/noc/MeshInterconnect.h"
#include "hw/tlm/ProtocolChecker.h"

namespace autorac::hw::noc {
namespace {

// A payload on the stack with a stack-owned extension, detached again before it goes out of scope.
struct PacketPayload {
  tlm::tlm_generic_payload gp;
  PacketExtension ext;
  PacketPayload(TileId other, int64_t bits, EventCounts* counts) {
    ext.bits = bits;
    ext.counts = counts;
    // A timing-only payload: no data moves (the size is the extension's bits), so the base protocol's
    // command for it is TLM_IGNORE_COMMAND with a null data pointer and length 0 (hw/tlm/ProtocolChecker.h).
    gp.set_command(tlm::TLM_IGNORE_COMMAND);
    gp.set_address(sc_dt::uint64(other.value));
    gp.set_data_ptr(nullptr);
    gp.set_data_length(0);
    gp.set_streaming_width(0);
    gp.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    gp.set_extension(&ext);
  }
  ~PacketPayload() { gp.clear_extension(&ext); }
  PacketPayload(const PacketPayload&) = delete;
  PacketPayload& operator=(const PacketPayload&) = delete;
};

}  // namespace

TilePort::TilePort(sc_core::sc_module_name name, TileId tile) : sc_module(name), tile_(tile) {
  from_network.register_b_transport(this, &TilePort::receive);
}

void TilePort::send(TileId to, int64_t bits, EventCounts& counts) {
  PacketPayload p(to, bits, &counts);
  sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
  tlmcheck::checkedBTransport(to_network, p.gp, delay, "TilePort.to_network");
  if (delay != sc_core::SC_ZERO_TIME) sc_core::wait(delay);
}

void TilePort::receive(tlm::tlm_generic_payload& gp, sc_core::sc_time&) {
  ++packets_received_;
  if (const auto* ext = gp.get_extension<PacketExtension>()) bits_received_ += uint64_t(ext->bits);
  gp.set_response_status(tlm::TLM_OK_RESPONSE);
}

NetworkInterface::NetworkInterface(sc_core::sc_module_name name, TileId tile, MeshInterconnect& mesh)
    : sc_module(name), tile_(tile), mesh_(mesh) {
  from_tile.register_b_transport(this, &NetworkInterface::b_transport);
}

void NetworkInterface::b_transport(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay) {
  // The NoC is cycle-accurate: a sender running ahead of simulated time synchronises first.
  if (delay != sc_core::SC_ZERO_TIME) {
    sc_core::wait(delay);
    delay = sc_core::SC_ZERO_TIME;
  }
  const auto* ext = gp.get_extension<PacketExtension>();
  if (!ext) {
    gp.set_response_status(tlm::TLM_GENERIC_ERROR_RESPONSE);
    return;
  }
  sc_core::sc_event ejected;
  mesh_.launch(tile_, TileId(int(gp.get_address())), ext->bits, ext->counts, &ejected);
  sc_core::wait(ejected);
  gp.set_response_status(tlm::TLM_OK_RESPONSE);
}

void NetworkInterface::eject(const MeshCore::Completion& c, const sc_core::sc_time& delay) {
  PacketPayload p(c.from, c.payload_bits, nullptr);
  sc_core::sc_time d = delay;
  tlmcheck::checkedBTransport(to_tile, p.gp, d, "NetworkInterface.to_tile");
  if (c.user) static_cast<sc_core::sc_event*>(c.user)->notify(delay);
}

}  // namespace autorac::hw::noc
