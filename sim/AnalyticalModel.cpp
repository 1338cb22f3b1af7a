#include "sim/AnalyticalModel.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <string>

#include "hw/noc/TransferCost.h"
#include "sim/OpWork.h"

namespace autorac::sim {

using hw::ceilDiv;

namespace {

// Where an op reads input i from: a pipelined MVM op reads straight from its producer's eDRAM; other
// ops gather their inputs at home first.
hw::TileId inputSource(const Mapping& m, const OpPlan& op) {
  const int prod = op.producers.at(0);
  return prod >= 0 ? m.ops[size_t(prod)].home : op.home;
}

void countDispatch(const hw::Design& d, const CrossbarGroup& g, hw::TileId source, int64_t bits, int act_bits,
                   hw::EventCounts& c, bool with_input_registers) {
  const StageCosts cost{d};
  for (hw::TileId t : g.tiles) {
    c.edram_accesses += uint64_t(cost.edramAccesses(bits));
    hw::noc::countTransfer(d, source, t, bits, c);
    c.bus_beats += uint64_t(cost.busBeats(bits));
  }
  if (!with_input_registers) return;
  for (const auto& x : g.crossbars)
    c.input_register_accesses += 2 * uint64_t(ceilDiv(x.task.rows_used * act_bits, d.input_register.width_bits));
}

// One input vector through a group: dispatch, every crossbar's MVM, every drain to `home`.
void countGroupVector(const hw::Design& d, const CrossbarGroup& g, hw::TileId source, hw::TileId home, int act_bits,
                      hw::EventCounts& c) {
  const StageCosts cost{d};
  countDispatch(d, g, source, g.geometry.in_features * act_bits, act_bits, c, true);
  for (const auto& x : g.crossbars) {
    const auto& task = x.task;
    c.crossbar_reads += uint64_t(task.input_slices);
    c.dac_rows += uint64_t(task.input_slices * task.rows_used);
    c.sample_holds += uint64_t(task.input_slices * task.cols_used);
    c.adc_conversions += uint64_t(task.input_slices * task.cols_used);
    c.shift_adds += uint64_t(task.input_slices * task.cols_used);
    const int64_t psum = x.output_values * g.psum_bits;
    c.output_register_accesses += 2 * uint64_t(ceilDiv(psum, d.output_register.width_bits));
    c.bus_beats += uint64_t(cost.busBeats(psum));
    hw::noc::countTransfer(d, x.place.tile, home, psum, c);
  }
}

using Loads = std::map<std::string, double>;  // per-sample busy cycles of each shared unit

void addTransfer(Loads& busy, const hw::Design& d, hw::TileId from, hw::TileId to, int64_t bits, double weight) {
  for (const auto& [ch, load] : hw::noc::transferChannelLoads(d, from, to, bits)) busy[ch] += weight * double(load);
}

// What `vectors` input vectors through a group load the eDRAM, buses and interconnect with, × weight
// (1 / replicas when the replicas share the samples).
void addGroupLoads(Loads& busy, const hw::Design& d, const CrossbarGroup& g, hw::TileId source, hw::TileId home,
                   int64_t vectors, int act_bits, double weight) {
  const StageCosts cost{d};
  const int64_t bits = g.geometry.in_features * act_bits;
  const double w = weight * double(vectors);
  for (hw::TileId t : g.tiles) {
    busy["edram" + std::to_string(source.value)] += w * double(cost.edram(bits));
    busy["bus" + std::to_string(t.value)] += w * double(cost.bus(bits));
    addTransfer(busy, d, source, t, bits, w);
  }
  for (const auto& x : g.crossbars) {
    const int64_t psum = x.output_values * g.psum_bits;
    busy["bus" + std::to_string(x.place.tile.value)] += w * double(cost.bus(psum));
    addTransfer(busy, d, x.place.tile, home, psum, w);
  }
}

}  // namespace

hw::EventCounts countsPerSample(const hw::Design& d, const Mapping& m, const OpPlan& op) {
  const StageCosts cost{d};
  hw::EventCounts c;
  const bool pipelined = op.pipelinedMvm();
  // Inputs: graph inputs come from off chip into the home eDRAM; other ops' outputs move home unless
  // a pipelined MVM reads them where they are.
  for (size_t i = 0; i < op.producers.size(); ++i) {
    if (op.producers[i] >= 0 && pipelined) continue;
    if (op.producers[i] < 0) continue;  // counted with the loader (io counts)
    hw::noc::countTransfer(d, m.ops[size_t(op.producers[i])].home, op.home, op.input_bits[i], c);
    c.edram_accesses += uint64_t(cost.edramAccesses(op.input_bits[i]));
  }
  if (op.gather_bits > 0) {
    if (!op.table_on_chip) c.offchip_bits += uint64_t(op.gather_bits);
    c.edram_accesses += uint64_t(cost.edramAccesses(op.gather_bits));
  }
  for (size_t i = 0; i < op.mvms.size(); ++i) {
    const MvmWork& w = op.mvms[i];
    if (w.dynamic && op.engine == Engine::VectorUnit) {
      c.vector_ops += uint64_t(w.macs());
      continue;
    }
    const CrossbarGroup& g = op.groups[i].front();  // every replica does the same work per sample
    const hw::TileId source = pipelined ? inputSource(m, op) : op.home;
    for (int64_t k = 0; k < w.matrices; ++k) {
      if (w.dynamic) {
        countDispatch(d, g, op.home, g.geometry.in_features * g.geometry.out_features * g.geometry.weight_bits,
                      w.act_bits, c, false);
        for (const auto& x : g.crossbars) c.crossbar_row_writes += uint64_t(x.task.rows_used);
      }
      for (int64_t v = 0; v < w.vectors; ++v) countGroupVector(d, g, source, op.home, w.act_bits, c);
      c.vector_ops += uint64_t(reductionOps(g.geometry, w.vectors));
    }
  }
  c.vector_ops += uint64_t(op.vector_ops);
  c.edram_accesses += uint64_t(cost.edramAccesses(op.output_bits));
  if (op.consumers.empty()) c.offchip_bits += uint64_t(op.output_bits);
  return c;
}

Estimate estimate(const hw::Design& d, const Mapping& m, uint64_t batch) {
  const StageCosts cost{d};
  Estimate e;
  e.ops.resize(m.ops.size());
  Loads busy;
  hw::EventCounts io;

  for (size_t i = 0; i < m.ops.size(); ++i) {
    const OpPlan& op = m.ops[i];
    OpEstimate& oe = e.ops[i];
    const bool pipelined = op.pipelinedMvm();
    const std::string home = std::to_string(op.home.value);
    int64_t ready = 0, own = 0;
    for (size_t k = 0; k < op.producers.size(); ++k) {
      const int64_t bits = op.input_bits[k];
      if (op.producers[k] < 0) {
        ready = std::max(ready, cost.offchip(bits) + cost.edram(bits));
        busy["offchip"] += cost.offchipBusy(bits);
        busy["edram" + home] += cost.edram(bits);
        io.offchip_bits += uint64_t(bits);
        io.edram_accesses += uint64_t(cost.edramAccesses(bits));
      } else {
        const OpPlan& prod = m.ops[size_t(op.producers[k])];
        const int64_t moved = pipelined ? 0 : cost.link(prod.home, op.home, bits) + cost.edram(bits);
        ready = std::max(ready, e.ops[size_t(op.producers[k])].end_cycle + moved);
        if (!pipelined) {
          addTransfer(busy, d, prod.home, op.home, bits, 1.0);
          busy["edram" + home] += cost.edram(bits);
        }
      }
    }
    oe.start_cycle = ready;
    int64_t interval = 0;
    own += cost.gather(op);
    if (op.gather_bits > 0 && !op.table_on_chip) busy["offchip"] += op.gather_requests * cost.offchipBusy(op.gather_bits / op.gather_requests);
    for (size_t k = 0; k < op.mvms.size(); ++k) {
      const MvmWork& w = op.mvms[k];
      if (w.dynamic && op.engine == Engine::VectorUnit) {
        own += cost.vectorMvm(w);
        busy["vector" + home] += cost.vectorMvm(w);
        continue;
      }
      const CrossbarGroup& g = op.groups[k].front();
      const int64_t reduce = cost.vector(reductionOps(g.geometry, w.vectors));
      busy["vector" + home] += w.matrices * reduce;
      if (w.dynamic) {
        own += cost.runtimeMvm(w, g, op.home) + w.matrices * reduce;
        addGroupLoads(busy, d, g, op.home, op.home, w.matrices * w.vectors, w.act_bits, 1.0);
        continue;
      }
      const hw::TileId source = pipelined ? inputSource(m, op) : op.home;
      for (const auto& replica : op.groups[k])
        addGroupLoads(busy, d, replica, source, op.home, w.vectors, w.act_bits, 1.0 / double(op.groups[k].size()));
      own += cost.groupMvm(g, source, op.home, w.vectors, w.act_bits) + reduce;
      if (pipelined) {
        // Three stages overlap across samples: dispatch (one thread for all replicas), crossbars
        // (replicas share the samples), reduction.
        int64_t xbar = 0;
        for (const auto& x : g.crossbars) xbar = std::max(xbar, crossbarInterval(d, x.task));
        const int64_t dispatch = w.vectors * cost.dispatch(g, source, g.geometry.in_features * w.act_bits);
        interval = std::max({interval, dispatch, w.vectors * xbar / op.replication(), reduce});
      }
    }
    own += cost.vector(op.vector_ops) + cost.edram(op.output_bits);
    busy["vector" + home] += cost.vector(op.vector_ops);
    busy["edram" + home] += cost.edram(op.output_bits);
    if (op.consumers.empty()) {
      own += cost.offchip(op.output_bits);
      busy["offchip"] += cost.offchipBusy(op.output_bits);
    }
    oe.end_cycle = ready + own;
    // An op that is not a pipelined MVM handles one sample at a time.
    oe.interval_cycles = pipelined ? interval : own;
    oe.counts = countsPerSample(d, m, op).scaled(batch);
    if (op.consumers.empty()) e.latency_cycles = std::max(e.latency_cycles, oe.end_cycle);
    e.interval_cycles = std::max(e.interval_cycles, oe.interval_cycles);
  }
  for (const auto& [_, load] : busy) e.interval_cycles = std::max(e.interval_cycles, int64_t(std::ceil(load)));
  e.io_counts = io.scaled(batch);
  e.cycles = batch == 0 ? 0 : e.latency_cycles + int64_t(batch - 1) * e.interval_cycles;
  return e;
}

}  // namespace autorac::sim
