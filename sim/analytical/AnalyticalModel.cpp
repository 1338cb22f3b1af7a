#include "sim/analytical/AnalyticalModel.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <string>

#include "hw/CrossbarEvents.h"
#include "hw/noc/TransferCost.h"
#include "sim/mapping/OpWork.h"

namespace autorac::sim {

using hw::ceilDiv;

std::vector<int64_t> vectorShares(int64_t vectors, size_t replicas) {
  std::vector<int64_t> share(replicas, 0);
  for (size_t r = 0; r < replicas; ++r) share[r] = (vectors - int64_t(r) + int64_t(replicas) - 1) / int64_t(replicas);
  return share;
}

hw::TileId inputSource(const Mapping& m, const OpPlan& op) {
  if (!op.pipelinedMvm()) return op.home;
  const int prod = op.producers.at(0);
  return prod >= 0 ? m.ops[size_t(prod)].home : op.home;
}

namespace {

// Counts a recipe's events (sim/analytical/Steps.h) into `c`.
struct EventCounter {
  StageCosts cost;
  hw::EventCounts& c;
  void operator()(const Step& s) const { cost.countEvents(s, c); }
};

void countDispatch(const hw::Design& d, const CrossbarGroup& g, hw::TileId source, int64_t bits, hw::EventCounts& c) {
  for (hw::TileId t : g.tiles) recipe::vectorTrip(source, t, bits, EventCounter{{d}, c});
}

// One input vector through a group: dispatch, every crossbar's MVM, every drain to the group's home.
hw::EventCounts groupVector(const hw::Design& d, const CrossbarGroup& g, hw::TileId source, int act_bits) {
  const StageCosts cost{d};
  hw::EventCounts c;
  countDispatch(d, g, source, g.vectorBits(act_bits), c);
  for (const auto& x : g.crossbars) {
    c.input_register_accesses += uint64_t(cost.inputRegisterAccesses(x.task, act_bits));
    c += hw::crossbar_events::vector(x.task);
    c.output_register_accesses += uint64_t(cost.outputRegisterAccesses(g.drainBits(x)));
    recipe::drain(g, x, EventCounter{cost, c});
  }
  return c;
}

// `vectors` vectors through one group, reduced at its home and sent to the op's home.
hw::EventCounts groupWork(const hw::Design& d, const CrossbarGroup& g, hw::TileId source, hw::TileId op_home,
                          int64_t vectors, int act_bits) {
  hw::EventCounts c = groupVector(d, g, source, act_bits).scaled(uint64_t(vectors));
  recipe::reduction(g, op_home, vectors, EventCounter{{d}, c});
  return c;
}

using Loads = std::map<std::string, double>;  // per-sample busy cycles of each shared unit

void addTransfer(Loads& busy, const hw::Design& d, hw::TileId from, hw::TileId to, int64_t bits, double weight) {
  for (const auto& [ch, load] : hw::noc::transferChannelLoads(d, from, to, bits)) busy[ch] += weight * double(load);
}

// Adds a recipe's per-unit busy cycles (sim/analytical/Steps.h), × weight, to `busy`.
struct LoadAdder {
  Loads& busy;
  StageCosts cost;
  double weight;
  void operator()(const Step& s) const {
    const std::string tile = std::to_string(s.at.value);
    switch (s.unit) {
      case Step::Unit::Edram: busy["edram" + tile] += weight * double(cost.cycles(s)); return;
      case Step::Unit::Bus: busy["bus" + tile] += weight * double(cost.cycles(s)); return;
      case Step::Unit::VectorUnit: busy["vector" + tile] += weight * double(cost.cycles(s)); return;
      case Step::Unit::Interconnect: addTransfer(busy, cost.d, s.at, s.to, s.amount, weight); return;
    }
  }
};

// Once per sample, a recipe's steps one after another: their cycles added to `cycles`, their loads to
// the units.
struct SamplePricer {
  int64_t& cycles;
  LoadAdder load;
  void operator()(const Step& s) const {
    cycles += load.cost.cycles(s);
    load(s);
  }
};

// What `vectors` vectors through a group (and their reduction) load the shared units with, × weight.
void addGroupLoads(Loads& busy, const hw::Design& d, const CrossbarGroup& g, hw::TileId source, hw::TileId op_home,
                   int64_t vectors, int act_bits, double weight) {
  const StageCosts cost{d};
  const int64_t bits = g.vectorBits(act_bits);
  const double w = weight * double(vectors);
  for (hw::TileId t : g.tiles) recipe::vectorTrip(source, t, bits, LoadAdder{busy, cost, w});
  // Every crossbar's conversions hold its ADC group and a share of its PE's S+A units (ops whose
  // crossbars share a PE or a group add up here).
  const double sa_share = 1.0 / double(concurrentGroupsPerPe(d));
  for (const auto& x : g.crossbars) {
    recipe::drain(g, x, LoadAdder{busy, cost, w});
    const std::string pe = std::to_string(x.place.tile.value) + "." + std::to_string(x.place.pe.value);
    const double conv = w * double(x.task.input_slices * conversionCycles(d, x.task.cols_used));
    busy["adc" + pe + "." + std::to_string(x.place.crossbar.value / d.adc.crossbars_per_group)] += conv;
    busy["shift_add" + pe] += conv * sa_share;
  }
  recipe::reduction(g, op_home, vectors, LoadAdder{busy, cost, weight});
}

// `requests` off-chip requests of `bits` in all: the port's serialisation, and their share of the
// max_requests request slots, each held for its serialisation and latency (Little's law).
void addOffchip(Loads& busy, const hw::Design& d, int64_t requests, int64_t bits) {
  if (requests <= 0 || bits <= 0) return;
  const StageCosts cost{d};
  const int64_t port = requests * cost.offchipBusy(bits / requests);
  busy["offchip"] += double(port);
  busy["offchip_requests"] += double(port + requests * d.offchip.latency_cycles) / d.offchip.max_requests;
}

}  // namespace

hw::EventCounts countsForBatch(const hw::Design& d, const Mapping& m, const OpPlan& op, uint64_t batch) {
  const StageCosts cost{d};
  hw::EventCounts per_sample, total;
  const EventCounter count{cost, per_sample};
  // Inputs: graph inputs are loaded by the loaders (io counts); other ops' outputs move home unless
  // a pipelined MVM reads them where they are; gathered rows land.
  recipe::sampleInputs(m, op, count);
  if (op.gather_bits > 0 && !op.table_on_chip) per_sample.offchip_bits += uint64_t(op.gather_bits);
  const hw::TileId source = inputSource(m, op);
  for (size_t k = 0; k < op.mvms.size(); ++k) {
    const MvmWork& w = op.mvms[k];
    const auto& replicas = op.groups[k];
    switch (op.mvmMode(k)) {
      case MvmMode::VectorUnit:
        recipe::vectorMvm(op, w, count);
        break;
      case MvmMode::RuntimeWritten: {
        const CrossbarGroup& g = replicas.front();
        hw::EventCounts one;
        countDispatch(d, g, op.home, g.operandBits(), one);
        for (const auto& x : g.crossbars) hw::crossbar_events::writeRows(x.task.rows_used, one);
        one += groupWork(d, g, op.home, op.home, w.vectors, w.act_bits);
        per_sample += one.scaled(uint64_t(w.matrices));
        break;
      }
      case MvmMode::Pipelined:
        // Sample n runs on replica n mod r.
        for (size_t r = 0; r < replicas.size(); ++r) {
          const uint64_t samples = batch > r ? (batch - r + replicas.size() - 1) / replicas.size() : 0;
          total += groupWork(d, replicas[r], source, op.home, w.vectors, w.act_bits).scaled(samples);
        }
        break;
      case MvmMode::Replicated: {
        // Vector v of a sample runs on replica v mod r.
        const auto share = vectorShares(w.vectors, replicas.size());
        for (size_t r = 0; r < replicas.size(); ++r)
          if (share[r] > 0) per_sample += groupWork(d, replicas[r], op.home, op.home, share[r], w.act_bits);
        break;
      }
    }
  }
  recipe::sampleOutput(op, count);
  if (op.consumers.empty()) per_sample.offchip_bits += uint64_t(op.output_bits);
  total += per_sample.scaled(batch);
  return total;
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
    int64_t ready = 0;
    for (size_t k = 0; k < op.producers.size(); ++k) {
      const int64_t bits = op.input_bits[k];
      if (op.producers[k] < 0) {
        int64_t landed = 0;
        recipe::inputLanding(op.home, bits, SamplePricer{landed, {busy, cost, 1.0}});
        recipe::inputLanding(op.home, bits, EventCounter{cost, io});
        ready = std::max(ready, cost.offchip(bits) + landed);
        // The loader prefetches (sim/run/InputLoader): its own steady-state interval.
        if (cost.prefetchInterval(op, 1, bits) > e.interval_cycles) {
          e.interval_cycles = cost.prefetchInterval(op, 1, bits);
          e.bottleneck = "loader of " + op.input_ids[k];
        }
        addOffchip(busy, d, 1, bits);
        io.offchip_bits += uint64_t(bits);
      } else {
        int64_t moved = 0;
        recipe::moveInput(m, op, k, SamplePricer{moved, {busy, cost, 1.0}});
        ready = std::max(ready, e.ops[size_t(op.producers[k])].end_cycle + moved);
      }
    }
    oe.start_cycle = ready;
    int64_t own = cost.offchipGather(op), interval = 0;
    if (op.gather_bits > 0 && !op.table_on_chip) addOffchip(busy, d, op.gather_requests, op.gather_bits);
    const SamplePricer price{own, {busy, cost, 1.0}};
    recipe::gatherLanding(op, price);
    const hw::TileId source = inputSource(m, op);
    for (size_t k = 0; k < op.mvms.size(); ++k) {
      const MvmWork& w = op.mvms[k];
      const auto& replicas = op.groups[k];
      switch (op.mvmMode(k)) {
        case MvmMode::VectorUnit:
          recipe::vectorMvm(op, w, price);
          break;
        case MvmMode::RuntimeWritten:
          own += cost.runtimeMvm(w, replicas.front(), op.home);
          addGroupLoads(busy, d, replicas.front(), op.home, op.home, w.vectors, w.act_bits, double(w.matrices));
          break;
        case MvmMode::Pipelined: {
          // Dispatch (one thread for all replicas), crossbars (replicas take alternate samples) and
          // reduction overlap across samples.
          const CrossbarGroup& g = replicas.front();
          own += cost.groupMvm(g, source, w.vectors, w.act_bits) + cost.reduction(g, op.home, w.vectors);
          const int64_t one_dispatch = cost.dispatch(g, source, g.vectorBits(w.act_bits));
          int64_t xbar = 0;
          const std::vector<int64_t> shares = conversionShares(d, g);
          for (size_t i = 0; i < g.crossbars.size(); ++i)
            xbar = std::max(xbar, crossbarPeriod(d, g.crossbars[i].task, w.act_bits, one_dispatch, shares[i]));
          // One dispatcher feeds the replicas a sample at a time (sim/run/OpRunner::dispatchLoop), and
          // it waits while the replica's input register is full: beyond the vectors the register
          // holds, it sends a sample's vectors at that replica's crossbar period.
          int64_t slots = w.vectors;
          for (const auto& x : g.crossbars)
            slots = std::min(slots, hw::MvmGeometry::inputRegisterSlots(d, x.task.rows_used, w.act_bits));
          const int64_t dispatch = std::max(w.vectors * one_dispatch, (w.vectors - slots) * xbar + slots * one_dispatch);
          const std::pair<int64_t, const char*> terms[] = {
              {dispatch, "dispatch"},
              {ceilDiv(w.vectors * xbar, int64_t(replicas.size())), "crossbars"},
              {cost.reduction(g, op.home, w.vectors), "reduction"}};
          for (const auto& [cycles, what] : terms)
            if (cycles > interval) interval = cycles, oe.bottleneck = what;
          for (const auto& r : replicas)
            addGroupLoads(busy, d, r, source, op.home, w.vectors, w.act_bits, 1.0 / double(replicas.size()));
          break;
        }
        case MvmMode::Replicated: {
          const auto share = vectorShares(w.vectors, replicas.size());
          own += cost.groupMvm(replicas.front(), op.home, share[0], w.act_bits, int64_t(replicas.size()));
          for (size_t r = 0; r < replicas.size(); ++r) {
            if (share[r] == 0) continue;
            own += cost.reduction(replicas[r], op.home, share[r]);
            addGroupLoads(busy, d, replicas[r], op.home, op.home, share[r], w.act_bits, 1.0);
          }
          break;
        }
      }
    }
    recipe::sampleOutput(op, price);
    // What later samples overlap: a posted output write's latency, and a prefetched gather's off-chip
    // part, which its fetch process runs ahead (sim/run/OpRunner) at its own interval.
    int64_t overlapped = cost.offchipGather(op);
    if (op.consumers.empty()) {
      own += cost.offchip(op.output_bits);
      overlapped += cost.offchip(op.output_bits) - cost.offchipBusy(op.output_bits);
      addOffchip(busy, d, 1, op.output_bits);
    }
    oe.end_cycle = ready + own;
    // An op that is not a pipelined MVM handles one sample at a time.
    oe.interval_cycles = pipelined ? interval : own - overlapped;
    if (!pipelined) oe.bottleneck = "one sample at a time";
    if (cost.prefetchesGather(op) && cost.prefetchInterval(op, op.gather_requests, op.gather_bits) > oe.interval_cycles) {
      oe.interval_cycles = cost.prefetchInterval(op, op.gather_requests, op.gather_bits);
      oe.bottleneck = "off-chip gather";
    }
    oe.counts = countsForBatch(d, m, op, batch);
    if (op.consumers.empty()) e.latency_cycles = std::max(e.latency_cycles, oe.end_cycle);
    if (oe.interval_cycles > e.interval_cycles) {
      e.interval_cycles = oe.interval_cycles;
      e.bottleneck = "op " + op.op_id + ": " + oe.bottleneck;
    }
  }
  for (const auto& [unit, load] : busy)
    if (int64_t(std::ceil(load)) > e.interval_cycles) {
      e.interval_cycles = int64_t(std::ceil(load));
      e.bottleneck = "unit " + unit;
    }
  e.io_counts = io.scaled(batch);
  e.cycles = batch == 0 ? 0 : e.latency_cycles + int64_t(batch - 1) * e.interval_cycles;
  return e;
}

}  // namespace autorac::sim
