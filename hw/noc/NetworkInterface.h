#pragma once
// How a tile attaches to the mesh, over TLM-2.0 blocking transport (b_transport):
//
//   TilePort (tile side)                        NetworkInterface (NI, network side)
//   to_network  (initiator) ── packet ──▶  from_tile (target): queues the packet at the NI and
//                                            returns when its tail flit is ejected at the destination
//   from_network (target)   ◀── packet ──  to_tile  (initiator): the destination NI delivers a packet
//                                            once its tail flit has arrived
//
// A generic payload stands for one packet: address = the other tile (destination when sending, source
// when delivering), and a PacketExtension with the exact payload bits and the event counters of the op
// it belongs to. The NoC carries no data (the functional model computes values separately), so the
// payload is a TLM_IGNORE_COMMAND with a null data pointer and data length 0: the base protocol's form
// of a payload without data. Every call goes through hw/tlm/ProtocolChecker. Why b_transport and not nb_transport: the caller's
// SC_THREAD has to block until the last flit arrives anyway, and the cycle accuracy lives in the
// routers (MeshCore), not in the socket protocol, so the four-phase AT protocol would add nothing but
// callbacks. A delivery carries the time still to go until the tail reaches the NI in b_transport's
// delay argument (the loosely-timed annotation), which the TilePort honours when it records it.
#include <cstdint>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include "hw/EventCounts.h"
#include "hw/Ids.h"
#include "hw/noc/MeshCore.h"

namespace autorac::hw::noc {

class MeshInterconnect;

struct PacketExtension : tlm::tlm_extension<PacketExtension> {
  int64_t bits = 0;
  EventCounts* counts = nullptr;
  // TLM's extension interface hands out owning raw pointers; the payloads here own none (see
  // NetworkInterface.cpp), so clone() is only there to satisfy the interface.
  tlm::tlm_extension_base* clone() const override { return new PacketExtension(*this); }
  void copy_from(const tlm::tlm_extension_base& e) override { *this = static_cast<const PacketExtension&>(e); }
};

// The tile's side: sends packets and receives the ones addressed to it.
class TilePort : public sc_core::sc_module {
public:
  tlm_utils::simple_initiator_socket<TilePort> to_network{"to_network"};
  tlm_utils::simple_target_socket<TilePort> from_network{"from_network"};

  TilePort(sc_core::sc_module_name name, TileId tile);
  // Blocks the calling SC_THREAD until the packet's tail flit has reached `to`.
  void send(TileId to, int64_t bits, EventCounts& counts);
  uint64_t packetsReceived() const { return packets_received_; }
  uint64_t bitsReceived() const { return bits_received_; }

private:
  void receive(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay);
  TileId tile_;
  uint64_t packets_received_ = 0, bits_received_ = 0;
};

class NetworkInterface : public sc_core::sc_module {
public:
  tlm_utils::simple_target_socket<NetworkInterface> from_tile{"from_tile"};
  tlm_utils::simple_initiator_socket<NetworkInterface> to_tile{"to_tile"};

  NetworkInterface(sc_core::sc_module_name name, TileId tile, MeshInterconnect& mesh);
  // Called by the mesh when the tail of a packet for this tile arrives `delay` from now.
  void eject(const MeshCore::Completion& c, const sc_core::sc_time& delay);

private:
  void b_transport(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay);
  TileId tile_;
  MeshInterconnect& mesh_;
};

}  // namespace autorac::hw::noc
