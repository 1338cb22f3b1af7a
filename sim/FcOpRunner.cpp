#define SC_INCLUDE_DYNAMIC_PROCESSES
#include "sim/FcOpRunner.h"

#include "hw/Time.h"

namespace autorac::sim {

using hw::ceilDiv;

FcOpRunner::FcOpRunner(sc_core::sc_module_name name, const hw::Design& design, hw::Chip& chip, const OpMapping& op,
                       uint64_t batch, hw::EventCounts& counts, SampleProgress& input_ready)
    : sc_module(name), design_(design), chip_(chip), op_(op), batch_(batch), counts_(counts),
      input_ready_(input_ready), partials_(batch, 0), finish_(batch, 0) {
  for (const auto& a : op.crossbars) {
    auto d = std::make_unique<Drain>();
    d->unit = &chip.crossbar(a.place);
    d->assignment = &a;
    d->unit->assign(a.task, &counts_);
    Drain* raw = d.get();
    d->unit->onDone([raw](uint64_t tag) {
      raw->done.push_back(tag);
      raw->arrived.notify(sc_core::SC_ZERO_TIME);
    });
    drains_.push_back(std::move(d));
  }
  sc_core::sc_spawn([this] { distribute(); }, "distribute");
  sc_core::sc_spawn([this] { collect(); }, "collect");
  for (size_t i = 0; i < drains_.size(); ++i) {
    Drain* d = drains_[i].get();
    sc_core::sc_spawn([this, d] { drain(*d); }, ("drain" + std::to_string(i)).c_str());
  }
}

int64_t FcOpRunner::edramCycles(int64_t bits) const {
  return ceilDiv(bits, design_.edram.width_bits) * design_.edram.access_cycles;
}

void FcOpRunner::distribute() {
  const int64_t bits = op_.inputVectorBits();
  hw::Tile& source = chip_.tile(op_.input_tile);
  for (uint64_t n = 0; n < batch_; ++n) {
    input_ready_.waitUntil(n + 1);
    if (n == 0) first_start_ = hw::nowCycles();
    for (hw::TileId t : op_.tiles) {
      // The input registers hold one waiting input per crossbar: a full register stalls the producer.
      for (auto& d : drains_)
        if (d->assignment->place.tile == t)
          while (d->unit->pending() > 0) sc_core::wait(d->unit->jobStarted());
      source.edram().use(edramCycles(bits));
      counts_.edram_accesses += uint64_t(ceilDiv(bits, design_.edram.width_bits));
      chip_.interconnect().transfer(op_.input_tile, t, bits, counts_);
      hw::Tile& tile = chip_.tile(t);
      const int64_t beats = ceilDiv(bits, design_.bus.width_bits);
      tile.bus().use(beats * design_.bus.cycles_per_beat);
      counts_.bus_beats += uint64_t(beats);
      for (auto& d : drains_) {
        if (d->assignment->place.tile != t) continue;
        // Each crossbar's input register is written with its row block's inputs, then read once.
        const int64_t ir_bits = d->assignment->task.rows_used * op_.input_bits;
        counts_.input_register_accesses += 2 * uint64_t(ceilDiv(ir_bits, design_.input_register.width_bits));
        d->unit->submit(n);
      }
    }
    dispatched_.finishOne();
  }
}

void FcOpRunner::drain(Drain& d) {
  const int64_t bits = d.assignment->output_values * op_.psum_bits;
  const hw::TileId from = d.assignment->place.tile;
  for (;;) {
    while (d.done.empty()) sc_core::wait(d.arrived);
    const uint64_t tag = d.done.front();
    d.done.pop_front();
    counts_.output_register_accesses += 2 * uint64_t(ceilDiv(bits, design_.output_register.width_bits));
    const int64_t beats = ceilDiv(bits, design_.bus.width_bits);
    chip_.tile(from).bus().use(beats * design_.bus.cycles_per_beat);
    counts_.bus_beats += uint64_t(beats);
    chip_.interconnect().transfer(from, op_.home, bits, counts_);
    ++partials_[tag];
    partial_arrived_.notify(sc_core::SC_ZERO_TIME);
  }
}

void FcOpRunner::collect() {
  hw::Tile& home = chip_.tile(op_.home);
  const auto& g = op_.geometry;
  // Row-block sums and offset correction per output, the input sum the correction needs, and the
  // activation: all on the home tile's vector unit.
  const int64_t ops = g.out_features * g.rowBlocks() + g.in_features + (op_.has_activation ? g.out_features : 0);
  const int64_t out_bits = op_.outputVectorBits();
  for (uint64_t n = 0; n < batch_; ++n) {
    while (partials_[n] < int(drains_.size())) sc_core::wait(partial_arrived_);
    home.vectorUnit().use(ceilDiv(ops, design_.vector_unit.lanes) * design_.vector_unit.op_cycles);
    counts_.vector_ops += uint64_t(ops);
    home.edram().use(edramCycles(out_bits));
    counts_.edram_accesses += uint64_t(ceilDiv(out_bits, design_.edram.width_bits));
    if (op_.consumers.empty()) chip_.offchip().transfer(out_bits, counts_);
    finish_[n] = last_end_ = hw::nowCycles();
    ready_.finishOne();
  }
}

}  // namespace autorac::sim
