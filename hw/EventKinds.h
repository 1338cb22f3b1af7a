#pragma once
// The one list of the events that cost energy. Everything that names an event kind derives from it:
// the counters (hw/EventCounts.h), the energy per event (hw/EnergyTable.h), the report's `events` and
// `energy_pj.by_component` (sim/report/Report.cpp). To add an event kind, add a line here, give its energy
// per event in hw/EnergyTable.cpp, and count it where it happens.
//
// AUTORAC_EVENT_KINDS(X) calls X(counter, energy_per_event, component, what_one_event_is) per kind:
//   counter             the EventCounts field, also its key in the report's `events`
//   energy_per_event    the EnergyTable field (pJ per event)
//   component           its key in the report's `energy_pj.by_component`
//   what_one_event_is   one event, in words
#define AUTORAC_EVENT_KINDS(X)                                                                              \
  X(crossbar_reads, crossbar_read_pj, "crossbar", "one input slice applied to one crossbar")                 \
  X(crossbar_row_writes, crossbar_row_write_pj, "crossbar_write",                                             \
    "one crossbar row programmed at run time (dynamic operands)")                                            \
  X(dac_rows, dac_row_pj, "dac", "one row driven for one input slice")                                       \
  X(sample_holds, sample_hold_pj, "sample_hold", "one column latched")                                       \
  X(adc_conversions, adc_conversion_pj, "adc", "one conversion at the design's ADC resolution")             \
  X(shift_adds, shift_add_pj, "shift_add", "one result shifted and accumulated")                            \
  X(input_register_accesses, input_register_pj, "input_register", "one input-register access (width_bits)") \
  X(output_register_accesses, output_register_pj, "output_register",                                         \
    "one output-register access (width_bits)")                                                               \
  X(edram_accesses, edram_access_pj, "edram", "one eDRAM access (width_bits)")                               \
  X(bus_beats, bus_beat_pj, "bus", "one tile-bus beat (width_bits)")                                         \
  X(vector_ops, vector_op_pj, "vector_unit", "one vector-unit lane operation")                               \
  X(flit_hops, flit_hop_pj, "router", "one flit (bus: one link_bits beat) leaving a router")                \
  X(link_flits, link_flit_pj, "noc_link", "one flit crossing a router-to-router link (mesh only)")          \
  X(offchip_bits, offchip_bit_pj, "offchip_io", "one bit to or from off-chip memory")
