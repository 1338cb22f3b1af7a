#pragma once
// A bus-like interconnect: one medium of `link_bits` per cycle shared by all tiles. A transfer holds
// the medium for ceil(bits / link_bits) cycles (serialisation) and arrives `latency_cycles` later;
// transfers queue first-come-first-served. Each beat passes the source's and the destination's router.
#include "hw/Design.h"
#include "hw/Interconnect.h"
#include "hw/Resource.h"
#include "hw/noc/TransferCost.h"

namespace autorac::hw {

class SharedBusInterconnect : public Interconnect {
public:
  // `clock` must outlive the bus.
  SharedBusInterconnect(const Design& design, const Clock& clock);
  // A bus beat has no payload object: carried values land when the transfer arrives.
  void transfer(TileId from, TileId to, int64_t bits, EventCounts& counts,
                const PacketValues* values = nullptr) override;
  int64_t idleTransferCycles(TileId from, TileId to, int64_t bits) const override;
  uint64_t busyCycles() const override { return medium_.busySlotCycles(); }
  // A transfer owns the medium for its beats alone, never idle mid-transfer.
  void forEachChannel(const std::function<void(const noc::Channel&, uint64_t, uint64_t)>& f) const override {
    if (busyCycles()) f(noc::Channel{}, busyCycles(), busyCycles());
  }
  uint64_t waitCycles() const override { return medium_.waitCycles(); }
  uint64_t delayedTransfers() const override { return medium_.contendedGrants(); }
  void trace(sc_core::sc_trace_file* tf) override { medium_.trace(tf); }

private:
  const Design& design_;
  const Clock& clock_;
  Resource medium_;
};

}  // namespace autorac::hw
