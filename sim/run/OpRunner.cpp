#define SC_INCLUDE_DYNAMIC_PROCESSES
#include "sim/run/OpRunner.h"

#include <algorithm>

#include "sim/analytical/AnalyticalModel.h"
#include "sim/mapping/OpWork.h"
#include "sim/analytical/StageCosts.h"

namespace autorac::sim {

OpRunner::OpRunner(sc_core::sc_module_name name, const hw::Design& design, hw::Chip& chip, const Mapping& mapping,
                   const OpPlan& op, uint64_t batch, hw::EventCounts& counts, std::vector<SampleProgress*> inputs)
    : sc_module(name), design_(design), chip_(chip), mapping_(mapping), op_(op), batch_(batch), counts_(counts),
      run_(design, chip, counts, &waits_), inputs_(std::move(inputs)),
      buffer_depth_(uint64_t(StageCosts{design}.outputBufferDepth(op))),
      partial_sum_depth_(uint64_t(StageCosts{design}.partialSumDepth(op))),
      last_job_(batch, 0), start_(batch, 0), finish_(batch, 0) {
  stages_.resize(op.mvms.size());
  for (size_t k = 0; k < op.mvms.size(); ++k)
    for (const auto& g : op.groups[k])
      stages_[k].push_back(std::make_unique<MvmStage>(design, chip, g, op.mvms[k].act_bits, counts, &waits_));
  if (op.pipelinedMvm()) {
    threads_ = {ThreadTime{"dispatch"}, ThreadTime{"collect"}};
    if (op.relay_dispatch)
      for (size_t r = 0; r < op.groups[0].size(); ++r) {
        relays_.push_back(std::make_unique<Relay>());
        const auto relay = relayOf(mapping, op, r);
        relays_.back()->tile = relay.value_or(inputSource(mapping, op));
        relays_.back()->hop = relay.has_value();
        threads_.push_back(ThreadTime{"relay" + std::to_string(r)});
      }
    sc_core::sc_spawn([this] { dispatchLoop(); }, "dispatch");
    sc_core::sc_spawn([this] { collectLoop(); }, "collect");
    for (size_t r = 0; r < relays_.size(); ++r) sc_core::sc_spawn([this, r] { relayLoop(r); }, ("relay" + std::to_string(r)).c_str());
  } else {
    threads_ = {ThreadTime{"run"}};
    sc_core::sc_spawn([this] { sequentialLoop(); }, "run");
    if (StageCosts{design}.prefetchesGather(op)) {
      threads_.push_back(ThreadTime{"fetch"});
      sc_core::sc_spawn([this] { fetchLoop(); }, "fetch");
    }
  }
}

template <class Wait>
void OpRunner::timed(uint64_t& into, Wait&& wait) {
  const uint64_t from = chip_.clock().nowCycles();
  wait();
  into += chip_.clock().nowCycles() - from;
}

void OpRunner::carryValues(OpValues& values) {
  for (auto& replica : stages_.at(0)) replica->carryValues(values);
}

void OpRunner::waitInputs(uint64_t n) {
  for (auto* in : inputs_) in->waitUntil(n + 1);
  start_[n] = chip_.clock().nowCycles();
  if (n == 0) first_start_ = start_[n];
  started_.finishOne();
}

void OpRunner::finishSample(uint64_t n, ThreadTime& thread) {
  // A full output buffer stalls the op before it writes another output (HARDWARE.md §4): sample n's
  // slot frees when every consumer has taken sample n - depth.
  if (n >= buffer_depth_)
    timed(thread.blocked_cycles, [&] {
      for (auto* c : consumers_) c->waitUntil(n - buffer_depth_ + 1);
    });
  recipe::sampleOutput(op_, run_);
  // A graph output is a posted write off-chip: the op goes on once its data has left the port, and
  // the sample is done when the data arrives, so the latency overlaps the next samples.
  uint64_t done = chip_.clock().nowCycles();
  if (op_.consumers.empty()) done = chip_.clock().toCycles(chip_.offchip().issue(op_.output_bits, counts_));
  finish_[n] = done;
  last_end_ = std::max(last_end_, done);
  ready_.finishOne();
}

void OpRunner::dispatchLoop() {
  const hw::TileId source = inputSource(mapping_, op_);
  const auto& replicas = stages_[0];
  ThreadTime& thread = threads_[0];
  for (uint64_t n = 0; n < batch_; ++n) {
    // A sample's partial sums wait at their copy's reducer for the collector's reduction, and that
    // room is bounded (HARDWARE.md §4) like the op's output buffer, D samples a copy: the dispatcher
    // takes sample n only once sample n - r·D is reduced (StageCosts::partialSumDepth). Unbounded, it
    // ran far ahead while its producers did, and its traffic starved the reduction of the samples before.
    if (n >= partial_sum_depth_) timed(thread.blocked_cycles, [&] { reduced_.waitUntil(n - partial_sum_depth_ + 1); });
    timed(thread.starved_cycles, [&] { waitInputs(n); });
    const uint64_t vectors = uint64_t(op_.mvms[0].vectors);
    if (!relays_.empty()) {
      // The relay's eDRAM holds one sample waiting beside the one it sends (EdramPlan reserves both).
      Relay& relay = *relays_[n % relays_.size()];
      timed(thread.blocked_cycles, [&] {
        while (!relay.waiting.empty()) sc_core::wait(relay.taken);
      });
      const int64_t bits = replicas[n % replicas.size()]->group().inputBits(op_.mvms[0].act_bits);
      if (relay.hop)
        for (uint64_t v = 0; v < vectors; ++v) recipe::relayTrip(source, relay.tile, bits, run_);
      relay.waiting.push_back(n);
      relay.arrived.notify(sc_core::SC_ZERO_TIME);  // the collector waits for the relay's `sent`
      continue;
    }
    MvmStage& stage = *replicas[n % replicas.size()];
    uint64_t job = 0;
    for (uint64_t v = 0; v < vectors; ++v) job = stage.dispatch(source, n * vectors + v);
    last_job_[n] = job;
    dispatched_.finishOne();
  }
  thread.cycles = chip_.clock().nowCycles();
}

void OpRunner::collectLoop() {
  const auto& replicas = stages_[0];
  ThreadTime& thread = threads_[1];
  for (uint64_t n = 0; n < batch_; ++n) {
    const size_t r = n % replicas.size();
    // Starved for the sample's partial sums: the dispatch and the crossbars, which the dispatcher feeds
    // at its own pace (a sequential op's wait for crossbars it fed itself is its own work instead).
    timed(thread.starved_cycles, [&] {
      if (relays_.empty())
        dispatched_.waitUntil(n + 1);
      else
        relays_[r]->sent.waitUntil(n / replicas.size() + 1);
      replicas[r]->awaitJob(last_job_[n]);
    });
    replicas[r]->reduce(op_.home, last_job_[n] + 1 - uint64_t(op_.mvms[0].vectors), op_.mvms[0].vectors);
    reduced_.finishOne();
    finishSample(n, thread);
  }
  thread.cycles = chip_.clock().nowCycles();
}

// A relayed copy: its samples (replica, replica + copies, ...) in order, each one's vectors sent from
// the copy's first tile, a row block's share to each of its tiles (MvmStage::dispatch).
void OpRunner::relayLoop(size_t replica) {
  Relay& relay = *relays_[replica];
  MvmStage& stage = *stages_[0][replica];
  ThreadTime& thread = threads_[2 + replica];
  const uint64_t vectors = uint64_t(op_.mvms[0].vectors);
  for (uint64_t n = replica; n < batch_; n += relays_.size()) {
    timed(thread.starved_cycles, [&] {
      while (relay.waiting.empty()) sc_core::wait(relay.arrived);
    });
    relay.waiting.pop_front();
    relay.taken.notify(sc_core::SC_ZERO_TIME);
    uint64_t job = 0;
    for (uint64_t v = 0; v < vectors; ++v) job = stage.dispatch(relay.tile, n * vectors + v);
    last_job_[n] = job;
    relay.sent.finishOne();
  }
  thread.cycles = chip_.clock().nowCycles();
}

// Embedding rows in off-chip DRAM: each sample's requests are issued as soon as its ids are in and
// there is eDRAM for them (the prefetch depth), so their latency overlaps the op's earlier samples.
void OpRunner::fetchLoop() {
  const uint64_t depth = uint64_t(StageCosts{design_}.prefetchDepth(op_));
  ThreadTime& thread = threads_[1];
  for (uint64_t n = 0; n < batch_; ++n) {
    if (n >= depth) timed(thread.blocked_cycles, [&] { ready_.waitUntil(n - depth + 1); });
    timed(thread.starved_cycles, [&] { waitInputs(n); });
    // Working: the port's request slots and transfers; the rows' latency is the sample loop's wait.
    fetched_.push_back(chip_.offchip().issueGather(op_.gather_requests, op_.gather_bits / op_.gather_requests, counts_));
    fetch_issued_.notify(sc_core::SC_ZERO_TIME);
  }
  thread.cycles = chip_.clock().nowCycles();
}

void OpRunner::sequentialLoop() {
  const bool prefetched = StageCosts{design_}.prefetchesGather(op_);
  ThreadTime& thread = threads_[0];
  for (uint64_t n = 0; n < batch_; ++n) {
    timed(thread.starved_cycles, [&] {
      if (prefetched) {
        while (fetched_.empty()) sc_core::wait(fetch_issued_);
        hw::waitUntil(fetched_.front());
        fetched_.pop_front();
      } else {
        waitInputs(n);
      }
    });
    // Inputs produced elsewhere move to the home tile's eDRAM (graph inputs were loaded there), and
    // gathered rows land there.
    recipe::sampleInputs(mapping_, op_, run_);
    for (size_t k = 0; k < op_.mvms.size(); ++k) {
      const MvmWork& w = op_.mvms[k];
      const MvmMode mode = op_.mvmMode(k);  // never Pipelined here: that op runs dispatchLoop/collectLoop
      if (mode == MvmMode::VectorUnit) {
        recipe::vectorMvm(op_, w, run_);
        continue;
      }
      // Replicas (static weights) split the sample's vectors: vector v goes to replica v mod r. A
      // run-time-written operand has one copy, written before each of its matrices is applied.
      auto& replicas = stages_[k];
      const auto share = vectorShares(w.vectors, replicas.size());
      std::vector<uint64_t> last(replicas.size(), 0);
      for (int64_t m = 0; m < w.matrices; ++m) {
        if (mode == MvmMode::RuntimeWritten) replicas.front()->write(op_.home);
        for (int64_t v = 0; v < w.vectors; ++v)
          last[size_t(v) % replicas.size()] =
              replicas[size_t(v) % replicas.size()]->dispatch(op_.home, n * uint64_t(w.vectors) + uint64_t(v));
        for (size_t r = 0; r < replicas.size(); ++r) {
          if (share[r] == 0) continue;
          replicas[r]->awaitJob(last[r]);
          replicas[r]->reduce(op_.home, last[r] + 1 - uint64_t(share[r]), share[r]);
        }
      }
    }
    finishSample(n, thread);
  }
  thread.cycles = chip_.clock().nowCycles();
}

}  // namespace autorac::sim
