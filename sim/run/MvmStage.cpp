#define SC_INCLUDE_DYNAMIC_PROCESSES
#include "sim/run/MvmStage.h"

#include "sim/analytical/StageCosts.h"

namespace autorac::sim {

MvmStage::MvmStage(const hw::Design& design, hw::Chip& chip, const CrossbarGroup& group, int act_bits,
                   hw::EventCounts& counts, StepWaits* waits)
    : design_(design), chip_(chip), group_(group), act_bits_(act_bits), counts_(counts), run_(design, chip, counts),
      timed_(design, chip, counts, waits) {
  for (const auto& a : group.crossbars) {
    auto d = std::make_unique<Drain>();
    d->index = drains_.size();
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
  for (auto& d : drains_) {
    Drain* raw = d.get();
    sc_core::sc_spawn([this, raw] { drain(*raw); });
    slots_.push_back(hw::MvmGeometry::inputRegisterSlots(design, raw->assignment->task.rows_used, act_bits));
  }
  if (group.reducers.size() > 1)
    for (size_t r = 0; r < group.reducers.size(); ++r) {
      reducers_.push_back(std::make_unique<Reducer>());
      Reducer* raw = reducers_.back().get();
      raw->index = r;
      sc_core::sc_spawn([this, raw] { reducerLoop(*raw); });
    }
}

void MvmStage::carryValues(OpValues& op) {
  values_ = std::make_unique<StageValues>(group_, op);
}

void MvmStage::reduce(hw::TileId op_home, uint64_t first_job, int64_t vectors) {
  if (reducers_.empty()) {
    for (size_t r = 0; r < group_.reducers.size(); ++r) reduceAt(r, op_home, first_job, vectors);
  } else {
    reduce_to_ = op_home;
    reduce_first_ = first_job;
    reduce_vectors_ = vectors;
    reducing_ = reducers_.size();
    for (auto& r : reducers_) {
      r->pending = true;
      r->go.notify(sc_core::SC_ZERO_TIME);
    }
    while (reducing_ > 0) sc_core::wait(reduced_);
  }
  guarded([&](StageValues& v) { v.finish(first_job, vectors); });
}

void MvmStage::reduceAt(size_t reducer, hw::TileId op_home, uint64_t first_job, int64_t vectors) {
  const hw::PacketValues* results = nullptr;
  recipe::reducerWork(group_, group_.reducers[reducer], op_home, vectors, [&](const Step& s) {
    timed_(s, results);
    // The vector unit has summed the partial sums that landed here: the results to send on.
    if (s.unit == Step::Unit::VectorUnit)
      results = carried([&](StageValues& v) { return v.results(reducer, first_job, vectors, op_home); });
  });
}

void MvmStage::reducerLoop(Reducer& r) {
  for (;;) {
    while (!r.pending) sc_core::wait(r.go);
    r.pending = false;
    reduceAt(r.index, reduce_to_, reduce_first_, reduce_vectors_);
    if (--reducing_ == 0) reduced_.notify(sc_core::SC_ZERO_TIME);
  }
}

void MvmStage::waitForRoom(hw::TileId tile) {
  for (size_t i = 0; i < drains_.size(); ++i) {
    hw::CrossbarUnit& unit = *drains_[i]->unit;
    if (drains_[i]->assignment->place.tile == tile)
      while (unit.inputsHeld() >= slots_[i]) sc_core::wait(unit.inputReleased());
  }
}

uint64_t MvmStage::dispatch(hw::TileId source, uint64_t vector) {
  const uint64_t job = next_job_++;
  const StageCosts cost{design_};
  guarded([&](StageValues& v) { v.beginJob(job, vector); });
  for (size_t i = 0; i < group_.tiles.size(); ++i) {
    const hw::TileId t = group_.tiles[i];
    waitForRoom(t);
    const hw::PacketValues* rows = carried([&](StageValues& v) { return v.inputTo(job, i, source); });
    recipe::vectorTrip(source, t, group_.vectorBits(t, act_bits_), timed_.carrying(rows));
    for (auto& d : drains_) {
      if (d->assignment->place.tile != t) continue;
      counts_.input_register_accesses += uint64_t(cost.inputRegisterAccesses(d->assignment->task, act_bits_));
      d->unit->submit(job);
    }
  }
  return job;
}

void MvmStage::write(hw::TileId source) {
  const int64_t bits = group_.operandBits();
  for (hw::TileId t : group_.tiles) {
    waitForRoom(t);
    recipe::vectorTrip(source, t, bits, timed_);
    for (auto& d : drains_)
      if (d->assignment->place.tile == t) d->unit->submitWrite(d->assignment->task.rows_used);
  }
}

void MvmStage::drain(Drain& d) {
  const StageCosts cost{design_};
  const int64_t bits = group_.drainBits(*d.assignment);
  for (;;) {
    while (d.done.empty()) sc_core::wait(d.arrived);
    const uint64_t job = d.done.front();
    d.done.pop_front();
    counts_.output_register_accesses += uint64_t(cost.outputRegisterAccesses(bits));
    const hw::PacketValues* sums = carried([&](StageValues& v) { return v.partialSums(job, d.index); });
    // The results leave the output register onto the tile bus, which frees their room there.
    recipe::drain(group_, *d.assignment, [&](const Step& s) {
      run_(s, sums);
      if (s.unit == Step::Unit::Bus) d.unit->outputDrained();
    });
    if (++arrived_[job] == drains_.size()) {
      while (arrived_.count(complete_) && arrived_[complete_] == drains_.size()) arrived_.erase(complete_++);
      job_complete_.notify(sc_core::SC_ZERO_TIME);
    }
  }
}

void MvmStage::awaitJob(uint64_t job) {
  while (complete_ <= job) sc_core::wait(job_complete_);
}

}  // namespace autorac::sim
