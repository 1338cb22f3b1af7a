#include "sim/AnalyticalModel.h"

#include <algorithm>
#include <map>

namespace autorac::sim {

using hw::ceilDiv;

int64_t conversionCycles(const hw::Design& d, int64_t cols_used) {
  return ceilDiv(cols_used, d.adc.adcs_per_group) * d.adc.conversion_cycles;
}

int64_t crossbarLatency(const hw::Design& d, const hw::CrossbarTask& task) {
  const int64_t t_read = d.crossbar.read_cycles, t_conv = conversionCycles(d, task.cols_used);
  return t_read + (task.input_slices - 1) * std::max(t_read, t_conv) + t_conv + d.shift_add.latency_cycles;
}

namespace {

struct Costs {
  const hw::Design& d;
  int64_t edram(int64_t bits) const { return ceilDiv(bits, d.edram.width_bits) * d.edram.access_cycles; }
  int64_t bus(int64_t bits) const { return ceilDiv(bits, d.bus.width_bits) * d.bus.cycles_per_beat; }
  int64_t link(hw::TileId a, hw::TileId b, int64_t bits) const {
    return a == b ? 0 : ceilDiv(bits, d.interconnect.link_bits) + d.interconnect.latency_cycles;
  }
  int64_t linkBusy(hw::TileId a, hw::TileId b, int64_t bits) const {
    return a == b ? 0 : ceilDiv(bits, d.interconnect.link_bits);
  }
  int64_t offchip(int64_t bits) const { return ceilDiv(bits, d.offchip.bits_per_cycle) + d.offchip.latency_cycles; }
  int64_t offchipBusy(int64_t bits) const { return ceilDiv(bits, d.offchip.bits_per_cycle); }
  int64_t vectorOps(const OpMapping& op) const {
    const auto& g = op.geometry;
    return g.out_features * g.rowBlocks() + g.in_features + (op.has_activation ? g.out_features : 0);
  }
  int64_t vector(const OpMapping& op) const { return ceilDiv(vectorOps(op), d.vector_unit.lanes) * d.vector_unit.op_cycles; }
};

// The events one sample of an op causes: the same counts FcOpRunner and CrossbarUnit make as they go.
hw::EventCounts countsPerSample(const hw::Design& d, const OpMapping& op) {
  hw::EventCounts c;
  const int64_t in_bits = op.inputVectorBits(), out_bits = op.outputVectorBits();
  for (hw::TileId t : op.tiles) {
    c.edram_accesses += uint64_t(ceilDiv(in_bits, d.edram.width_bits));
    c.bus_beats += uint64_t(ceilDiv(in_bits, d.bus.width_bits));
    if (t != op.input_tile) c.router_beats += uint64_t(2 * ceilDiv(in_bits, d.interconnect.link_bits));
  }
  for (const auto& x : op.crossbars) {
    const auto& task = x.task;
    c.input_register_accesses += 2 * uint64_t(ceilDiv(task.rows_used * op.input_bits, d.input_register.width_bits));
    c.crossbar_reads += uint64_t(task.input_slices);
    c.dac_rows += uint64_t(task.input_slices * task.rows_used);
    c.sample_holds += uint64_t(task.input_slices * task.cols_used);
    c.adc_conversions += uint64_t(task.input_slices * task.cols_used);
    c.shift_adds += uint64_t(task.input_slices * task.cols_used);
    const int64_t psum = x.output_values * op.psum_bits;
    c.output_register_accesses += 2 * uint64_t(ceilDiv(psum, d.output_register.width_bits));
    c.bus_beats += uint64_t(ceilDiv(psum, d.bus.width_bits));
    if (x.place.tile != op.home) c.router_beats += uint64_t(2 * ceilDiv(psum, d.interconnect.link_bits));
  }
  c.vector_ops += uint64_t(Costs{d}.vectorOps(op));
  c.edram_accesses += uint64_t(ceilDiv(out_bits, d.edram.width_bits));
  if (op.consumers.empty()) c.offchip_bits += uint64_t(out_bits);
  return c;
}


}  // namespace

Estimate estimate(const hw::Design& d, const Mapping& mapping, uint64_t batch) {
  const Costs cost{d};
  Estimate e;
  e.ops.resize(mapping.ops.size());
  // Per-sample busy cycles of each shared unit, keyed by unit, for the initiation interval.
  std::map<std::string, int64_t> busy;
  hw::EventCounts io_per_sample;

  for (size_t i = 0; i < mapping.ops.size(); ++i) {
    const OpMapping& op = mapping.ops[i];
    OpEstimate& oe = e.ops[i];
    const int64_t in_bits = op.inputVectorBits(), out_bits = op.outputVectorBits();
    int64_t start = 0;
    if (op.producer >= 0) {
      start = e.ops[size_t(op.producer)].end_cycle;
    } else {
      start = cost.offchip(in_bits) + cost.edram(in_bits);
      busy["offchip"] += cost.offchipBusy(in_bits);
      busy["edram" + std::to_string(op.home.value)] += cost.edram(in_bits);
      io_per_sample.offchip_bits += uint64_t(in_bits);
      io_per_sample.edram_accesses += uint64_t(ceilDiv(in_bits, d.edram.width_bits));
    }
    oe.start_cycle = start;
    // Inputs go to the op's tiles one after another; each tile's crossbars start when theirs arrive.
    std::map<int, int64_t> tile_ready;
    int64_t t_cursor = start, dist_cycles = 0;
    for (hw::TileId t : op.tiles) {
      const int64_t step = cost.edram(in_bits) + cost.link(op.input_tile, t, in_bits) + cost.bus(in_bits);
      t_cursor += step;
      dist_cycles += step;
      tile_ready[t.value] = t_cursor;
      busy["edram" + std::to_string(op.input_tile.value)] += cost.edram(in_bits);
      busy["bus" + std::to_string(t.value)] += cost.bus(in_bits);
      busy["interconnect"] += cost.linkBusy(op.input_tile, t, in_bits);
    }
    int64_t partials_done = start;
    int64_t interval = dist_cycles;
    for (const auto& x : op.crossbars) {
      const int64_t psum = x.output_values * op.psum_bits;
      const int64_t done = tile_ready[x.place.tile.value] + crossbarLatency(d, x.task) + cost.bus(psum) +
                           cost.link(x.place.tile, op.home, psum);
      partials_done = std::max(partials_done, done);
      const int64_t per_sample = x.task.input_slices * std::max<int64_t>(d.crossbar.read_cycles, conversionCycles(d, x.task.cols_used));
      interval = std::max(interval, per_sample);
      busy["bus" + std::to_string(x.place.tile.value)] += cost.bus(psum);
      busy["interconnect"] += cost.linkBusy(x.place.tile, op.home, psum);
    }
    const int64_t collect = cost.vector(op) + cost.edram(out_bits) + (op.consumers.empty() ? cost.offchip(out_bits) : 0);
    interval = std::max(interval, cost.vector(op));
    busy["vector" + std::to_string(op.home.value)] += cost.vector(op);
    busy["edram" + std::to_string(op.home.value)] += cost.edram(out_bits);
    if (op.consumers.empty()) busy["offchip"] += cost.offchipBusy(out_bits);
    oe.end_cycle = partials_done + collect;
    oe.interval_cycles = interval;
    oe.counts = countsPerSample(d, op).scaled(batch);
    if (op.consumers.empty()) e.latency_cycles = std::max(e.latency_cycles, oe.end_cycle);
    e.interval_cycles = std::max(e.interval_cycles, interval);
  }
  for (const auto& [_, cycles] : busy) e.interval_cycles = std::max(e.interval_cycles, cycles);
  e.io_counts = io_per_sample.scaled(batch);
  e.cycles = batch == 0 ? 0 : e.latency_cycles + int64_t(batch - 1) * e.interval_cycles;
  return e;
}

}  // namespace autorac::sim
