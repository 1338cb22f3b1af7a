#pragma once
// How a tile attaches to the mesh, over TLM-2.0 blocking transport (b_transport), one socket pair per
// boundary:
//
//   TilePort (tile)            NetworkInterface (NI)                    MeshInterconnect (routers)
//   to_network ── packet ──▶  from_tile ─ to_mesh ── packet ──▶  from_nis[tile]: injects it, returns
//                                                                 when its tail is ejected at the
//                                                                 destination (TLM_OK_RESPONSE)
//   from_network ◀─ packet ─  to_tile ◀─ from_mesh ◀─ packet ──  to_nis[tile]: delivers a packet
//                                                                 once its tail has arrived
//
// The NI forwards the tile's payload itself to the mesh, as an interconnect component does, and the
// mesh answers through the protocol: the call returns, with its response status set, when the packet
// has arrived. A generic payload stands for one packet: address = the other tile (destination when
// sending, source when delivering), and a PacketExtension with the exact payload bits and the event
// counters of the op it belongs to. In a timing run a packet carries no values, so the payload is a
// TLM_IGNORE_COMMAND with a null data pointer and data length 0: the base protocol's form of a payload
// without data. In a functional run (pimsim --functional) a packet that carries values (hw/
// PacketValues.h: an MVM's input rows, partial sums, reduced results) is a TLM_WRITE_COMMAND whose data are
// those values; the mesh holds the sender's payload data while the packet is in flight, and the
// destination's TilePort writes the delivered data into the landing buffer the extension names: the
// values the receiver computes with are the ones that crossed the mesh. Every call goes through
// hw/tlm/ProtocolChecker. Why
// b_transport and not nb_transport: the caller's SC_THREAD has to block until the last flit arrives
// anyway, and the cycle accuracy lives in the routers (MeshCore), not in the socket protocol, so the
// four-phase AT protocol would add nothing but callbacks. A delivery carries the time still to go
// until the tail reaches the NI in b_transport's delay argument (the loosely-timed annotation), which
// the TilePort honours when it records it.
#include <cstdint>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include "hw/EventCounts.h"
#include "hw/Ids.h"
#include "hw/PacketValues.h"
#include "hw/tlm/MemberExtension.h"

namespace autorac::hw::noc {

struct PacketExtension : tlmcheck::MemberExtension<PacketExtension> {
  int64_t bits = 0;
  EventCounts* counts = nullptr;
  int64_t* landing = nullptr;  // a write's data go here at the destination (its receive buffer)
};

// The tile's side: sends packets and receives the ones addressed to it.
class TilePort : public sc_core::sc_module {
public:
  tlm_utils::simple_initiator_socket<TilePort> to_network{"to_network"};
  tlm_utils::simple_target_socket<TilePort> from_network{"from_network"};

  TilePort(sc_core::sc_module_name name, TileId tile);
  // Blocks the calling SC_THREAD until the packet's tail flit has reached `to` (and `values`, if
  // given, have landed there).
  void send(TileId to, int64_t bits, EventCounts& counts, const PacketValues* values = nullptr);
  uint64_t packetsReceived() const { return packets_received_; }
  uint64_t bitsReceived() const { return bits_received_; }
  uint64_t valuesReceived() const { return values_received_; }  // int64 values landed here

private:
  void receive(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay);
  TileId tile_;
  uint64_t packets_received_ = 0, bits_received_ = 0, values_received_ = 0;
};

class NetworkInterface : public sc_core::sc_module {
public:
  tlm_utils::simple_target_socket<NetworkInterface> from_tile{"from_tile"};
  tlm_utils::simple_initiator_socket<NetworkInterface> to_tile{"to_tile"};
  tlm_utils::simple_initiator_socket<NetworkInterface> to_mesh{"to_mesh"};
  tlm_utils::simple_target_socket<NetworkInterface> from_mesh{"from_mesh"};

  explicit NetworkInterface(sc_core::sc_module_name name);

private:
  void send(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay);     // from the tile, into the mesh
  void deliver(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay);  // from the mesh, to the tile
};

// A payload on the stack with a stack-owned extension, detached again before it goes out of scope.
struct PacketPayload {
  tlm::tlm_generic_payload gp;
  PacketExtension ext;
  // With `values`: a write carrying them (see the top of this file); without: a timing-only packet.
  PacketPayload(TileId other, int64_t bits, EventCounts* counts, const PacketValues* values = nullptr);
  ~PacketPayload() { gp.clear_extension(&ext); }
  PacketPayload(const PacketPayload&) = delete;
  PacketPayload& operator=(const PacketPayload&) = delete;
};

}  // namespace autorac::hw::noc
