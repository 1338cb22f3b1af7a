#pragma once
// Plain counters of the events that cost energy, one per kind of hw/EventKinds.h. The hot path only
// increments them; the report multiplies them by the EnergyTable when the run ends. One instance per
// op (so energy breaks down by op) plus one for traffic that belongs to no op.
#include <cstdint>

#include "hw/EventKinds.h"

namespace autorac::hw {

struct EventCounts {
#define AUTORAC_EVENT_COUNTER(counter, energy, component, description) uint64_t counter = 0;
  AUTORAC_EVENT_KINDS(AUTORAC_EVENT_COUNTER)
#undef AUTORAC_EVENT_COUNTER

  EventCounts& operator+=(const EventCounts& o) {
#define AUTORAC_EVENT_ADD(counter, energy, component, description) counter += o.counter;
    AUTORAC_EVENT_KINDS(AUTORAC_EVENT_ADD)
#undef AUTORAC_EVENT_ADD
    return *this;
  }
  EventCounts scaled(uint64_t n) const {
    EventCounts c = *this;
#define AUTORAC_EVENT_SCALE(counter, energy, component, description) c.counter *= n;
    AUTORAC_EVENT_KINDS(AUTORAC_EVENT_SCALE)
#undef AUTORAC_EVENT_SCALE
    return c;
  }
};

}  // namespace autorac::hw
