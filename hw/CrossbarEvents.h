#pragma once
// The events a crossbar's work costs, by the step that spends them (HARDWARE.md §2): the SystemC
// crossbar (hw/CrossbarUnit) counts each step as it happens, the analytical model a whole vector at
// once, so both read the arithmetic here.
#include <cstdint>

#include "hw/CrossbarTask.h"
#include "hw/EventCounts.h"

namespace autorac::hw::crossbar_events {

// One input slice applied: one crossbar read, a DAC driving each used row.
inline void read(const CrossbarTask& t, EventCounts& c) {
  c.crossbar_reads += 1;
  c.dac_rows += uint64_t(t.rows_used);
}
// The slice's used columns latched by the sample-and-holds.
inline void latch(const CrossbarTask& t, EventCounts& c) { c.sample_holds += uint64_t(t.cols_used); }
// Each latched column converted by an ADC and shifted-and-added.
inline void convert(const CrossbarTask& t, EventCounts& c) {
  c.adc_conversions += uint64_t(t.cols_used);
  c.shift_adds += uint64_t(t.cols_used);
}
// `rows` rows programmed at run time (a dynamic operand).
inline void writeRows(int64_t rows, EventCounts& c) { c.crossbar_row_writes += uint64_t(rows); }

// One input vector: every slice read, latched and converted.
inline EventCounts vector(const CrossbarTask& t) {
  EventCounts slice;
  read(t, slice);
  latch(t, slice);
  convert(t, slice);
  return slice.scaled(uint64_t(t.input_slices));
}

}  // namespace autorac::hw::crossbar_events
