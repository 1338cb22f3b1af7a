#pragma once
// Plain counters of the events that cost energy. The hot path only increments them; the report
// multiplies them by the EnergyTable when the run ends. One instance per op (so energy breaks down by
// op) plus one for traffic that belongs to no op.
#include <cstdint>

namespace autorac::hw {

struct EventCounts {
  uint64_t crossbar_reads = 0;     // input slices applied to a crossbar
  uint64_t crossbar_row_writes = 0;  // rows programmed at run time (dynamic operands)
  uint64_t dac_rows = 0;           // rows driven, summed over slices
  uint64_t sample_holds = 0;       // columns latched
  uint64_t adc_conversions = 0;
  uint64_t shift_adds = 0;
  uint64_t input_register_accesses = 0;
  uint64_t output_register_accesses = 0;
  uint64_t edram_accesses = 0;
  uint64_t bus_beats = 0;
  uint64_t vector_ops = 0;
  uint64_t flit_hops = 0;   // flits (bus: link_bits beats) leaving a router
  uint64_t link_flits = 0;  // flits crossing a router-to-router link (mesh only)
  uint64_t offchip_bits = 0;

  EventCounts& operator+=(const EventCounts& o) {
    crossbar_reads += o.crossbar_reads; crossbar_row_writes += o.crossbar_row_writes; dac_rows += o.dac_rows; sample_holds += o.sample_holds;
    adc_conversions += o.adc_conversions; shift_adds += o.shift_adds;
    input_register_accesses += o.input_register_accesses; output_register_accesses += o.output_register_accesses;
    edram_accesses += o.edram_accesses; bus_beats += o.bus_beats; vector_ops += o.vector_ops;
    flit_hops += o.flit_hops; link_flits += o.link_flits; offchip_bits += o.offchip_bits;
    return *this;
  }
  EventCounts scaled(uint64_t n) const {
    EventCounts c = *this;
    for (uint64_t* f : {&c.crossbar_reads, &c.crossbar_row_writes, &c.dac_rows, &c.sample_holds, &c.adc_conversions, &c.shift_adds,
                        &c.input_register_accesses, &c.output_register_accesses, &c.edram_accesses, &c.bus_beats,
                        &c.vector_ops, &c.flit_hops, &c.link_flits, &c.offchip_bits})
      *f *= n;
    return c;
  }
};

}  // namespace autorac::hw
