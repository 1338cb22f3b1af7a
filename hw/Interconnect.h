#pragma once
// The seam between tiles: whatever carries data from one tile to another implements this. The first
// version is a shared bus-like medium (SharedBusInterconnect); the cycle-accurate mesh NoC replaces
// it behind the same interface.
#include <cstdint>
#include <functional>

#include <systemc>

#include "hw/EventCounts.h"
#include "hw/Ids.h"
#include "hw/PacketValues.h"

namespace autorac::hw {
namespace noc {
struct Channel;  // hw/noc/TransferCost.h
}

class Interconnect {
public:
  virtual ~Interconnect() = default;
  // Blocks the calling SC_THREAD until `bits` have arrived at `to`; counts the events in `counts`.
  // A transfer within one tile costs nothing here. `values` (functional runs): what the transfer
  // carries, landed at `to` when it arrives.
  virtual void transfer(TileId from, TileId to, int64_t bits, EventCounts& counts,
                        const PacketValues* values = nullptr) = 0;
  // Cycles one transfer takes when nothing else is in flight (for the analytical model).
  virtual int64_t idleTransferCycles(TileId from, TileId to, int64_t bits) const = 0;
  virtual uint64_t busyCycles() const = 0;
  // Calls f(channel, busy cycles, held cycles) for each channel that carried anything: the bus's one
  // medium, or the mesh's injection ports, links and ejection ports (named as the analytical model
  // names them). Held cycles: hw/noc/MeshCore::forEachChannel.
  virtual void forEachChannel(const std::function<void(const noc::Channel&, uint64_t, uint64_t)>& f) const = 0;
  // Queueing: cycles transfers spent beyond what each would take alone, and how many were delayed.
  virtual uint64_t waitCycles() const = 0;
  virtual uint64_t delayedTransfers() const = 0;
  virtual void trace(sc_core::sc_trace_file* tf) = 0;
};

}  // namespace autorac::hw
