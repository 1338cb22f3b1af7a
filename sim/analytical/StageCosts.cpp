#include "sim/analytical/StageCosts.h"

#include <algorithm>
#include <limits>
#include <map>
#include <string>

#include "hw/noc/TransferCost.h"
#include "sim/mapping/OpWork.h"

namespace autorac::sim {

using hw::ceilDiv;

namespace {
// A vector's cycles through a crossbar: each input slice is read, then converted while the next one is
// read, so every slice takes the longer of the two.
template <class T>
T vectorCycles(const hw::Design& d, int64_t input_slices, T conversion) {
  return T(input_slices) * std::max(T(d.crossbar.read_cycles), conversion);
}

int64_t slice(const hw::Design& d, const hw::CrossbarTask& task, int64_t adc_cycles) {
  return adc_cycles > 0 ? adc_cycles : conversionCycles(d, task.cols_used);
}
}  // namespace

int64_t crossbarLatency(const hw::Design& d, const hw::CrossbarTask& task, int64_t adc_cycles) {
  const int64_t t_read = d.crossbar.read_cycles, t_conv = slice(d, task, adc_cycles);
  return t_read + (task.input_slices - 1) * std::max(t_read, t_conv) + t_conv + d.shift_add.latency_cycles;
}

int64_t crossbarInterval(const hw::Design& d, const hw::CrossbarTask& task, int64_t adc_cycles) {
  return vectorCycles(d, task.input_slices, slice(d, task, adc_cycles));
}

int64_t crossbarPeriod(const hw::Design& d, const hw::CrossbarTask& task, int act_bits, int64_t dispatch, int64_t trip,
                       int64_t adc_cycles) {
  const bool double_buffered = hw::MvmGeometry::inputRegisterSlots(d, task.rows_used, act_bits) >= 2;
  const int64_t own = crossbarInterval(d, task, adc_cycles);
  // A single-slot register takes the next vector only once the reads are done, and then for as long
  // as the trip to its own tile: the dispatcher's trips to the other tiles (sim/run/MvmStage::dispatch)
  // overlap this crossbar's reads, and the whole sweep is the dispatch's own bound.
  return double_buffered ? std::max(own, dispatch) : own + trip;
}

double peakOpsPerSecond(const hw::Design& d, int weight_bits, int act_bits) {
  // The mapping packs weight slices across column blocks (hw/MvmGeometry), so every column holds a
  // slice: cols / slices weights a row on average, not rounded down.
  const double weights_per_row = double(d.crossbar.cols) / double(ceilDiv(weight_bits, d.crossbar.cell_bits));
  // Every crossbar of a PE converting whole columns: an ADC group converts its crossbars in turn, and
  // the S+A units let only so many groups convert at once. Where that number does not divide the PE's
  // crossbars, the next slice's conversions fill the free units, so on average a slice takes the
  // PE's conversions over the groups converting at once (a run of 6 of 8 at once on isaac measured
  // 8/6 of the time, not 2x), and never less than one group's turns. Without sharing: one T_conv.
  const double t_conv = double(conversionCycles(d, d.crossbar.cols)), per_pe = double(d.pe.crossbars);
  const double slice_cycles = std::max(double(d.adc.crossbars_per_group) * t_conv, per_pe * t_conv / double(concurrentGroupsPerPe(d)));
  const double vector_ns = vectorCycles(d, ceilDiv(act_bits, d.dac.bits), slice_cycles) * d.cycleNs();
  return double(d.crossbarsPerChip()) * 2.0 * d.crossbar.rows * weights_per_row / vector_ns * 1e9;
}

double offchipRoofOpsPerSecond(const hw::Design& d, double ops_per_sample, double offchip_bits_per_sample) {
  if (offchip_bits_per_sample <= 0) return std::numeric_limits<double>::infinity();
  const double sample_ns = offchip_bits_per_sample / double(d.offchip.bits_per_cycle) * d.cycleNs();
  return ops_per_sample / sample_ns * 1e9;
}

int64_t concurrentGroupsPerPe(const hw::Design& d) {
  const int64_t by_sa = d.shiftAddSlots() / d.adc.adcs_per_group;
  return std::max<int64_t>(1, std::min<int64_t>(d.adcGroupsPerPe(), by_sa));
}

std::vector<int64_t> adcCyclesPerSlice(const hw::Design& d, const CrossbarGroup& g, std::vector<int64_t>* group_conv) {
  // One pass over the group's crossbars ordered by PE, then ADC group within it: the mapper asks for
  // this once or twice per group in every estimate, and groups are mostly laid out in that order
  // already, so the sort is skipped where it is.
  struct Entry {
    uint64_t pe;  // tile, then PE within it
    int adc_group;
    int64_t t_conv;
    size_t index;  // in g.crossbars
  };
  const size_t n = g.crossbars.size();
  std::vector<Entry> e;
  e.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    const auto& x = g.crossbars[i];
    e.push_back({uint64_t(uint32_t(x.place.tile.value)) << 32 | uint64_t(uint32_t(x.place.pe.value)),
                 x.place.crossbar.value / d.adc.crossbars_per_group, conversionCycles(d, x.task.cols_used), i});
  }
  const auto before = [](const Entry& a, const Entry& b) { return a.pe != b.pe ? a.pe < b.pe : a.adc_group < b.adc_group; };
  if (!std::is_sorted(e.begin(), e.end(), before)) std::stable_sort(e.begin(), e.end(), before);
  const int64_t concurrent = concurrentGroupsPerPe(d);
  std::vector<int64_t> cycles(n);
  if (group_conv) group_conv->assign(n, 0);
  for (size_t pe_lo = 0, pe_hi = 0; pe_lo < n; pe_lo = pe_hi) {
    int64_t pe_sum = 0, pe_count = 0, pe_shortest = std::numeric_limits<int64_t>::max(), slices = 1;
    for (pe_hi = pe_lo; pe_hi < n && e[pe_hi].pe == e[pe_lo].pe; ++pe_hi)
      pe_sum += e[pe_hi].t_conv, ++pe_count, pe_shortest = std::min(pe_shortest, e[pe_hi].t_conv),
          slices = std::max<int64_t>(slices, g.crossbars[e[pe_hi].index].task.input_slices);
    // The PE's S+A units serve `concurrent` conversions at once, each for its crossbar's T_conv: no
    // fewer cycles than the PE's conversions spread over them, nor than its turns at the shortest. A
    // slice's conversions left over for a second turn share it with the next slice's (the crossbars
    // read ahead), so the turns are whole per vector of `slices` slices, not per slice.
    const int64_t turns = ceilDiv(slices * pe_count, concurrent);
    const int64_t pe_cycles = std::max(ceilDiv(pe_sum, concurrent), ceilDiv(turns * pe_shortest, slices));
    // An ADC group converts one crossbar's columns at a time: its crossbars' T_conv summed.
    for (size_t lo = pe_lo, hi = pe_lo; lo < pe_hi; lo = hi) {
      int64_t sum = 0;
      for (hi = lo; hi < pe_hi && e[hi].adc_group == e[lo].adc_group; ++hi) sum += e[hi].t_conv;
      for (size_t k = lo; k < hi; ++k) {
        cycles[e[k].index] = std::max(sum, pe_cycles);
        if (group_conv) (*group_conv)[e[k].index] = sum;
      }
    }
  }
  return cycles;
}

std::vector<OutputRegisterTurn> outputRegisterTurns(const hw::Design& d, const CrossbarGroup& g,
                                                    const std::vector<int64_t>& adc_cycles) {
  // A group's crossbars of one PE are consecutive in g.crossbars, in index order (Mapper.cpp, buildGroup).
  std::vector<OutputRegisterTurn> turns(g.crossbars.size());
  int64_t rank = 0;
  for (size_t i = 0; i < g.crossbars.size(); ++i) {
    const auto& x = g.crossbars[i];
    rank = i > 0 && g.crossbars[i - 1].place.tile == x.place.tile && g.crossbars[i - 1].place.pe == x.place.pe ? rank + 1 : 0;
    if (x.task.output_bits <= 0) continue;
    // Turn j starts its last conversion j · hold after the first; without the register, crossbars
    // taking turns at a shared ADC group already finish up to the others' T_conv apart.
    const int64_t fit = hw::MvmGeometry::outputRegisterVectors(d, x.task.output_bits);
    const int64_t t_conv = conversionCycles(d, x.task.cols_used);
    const int64_t hold = t_conv + d.shift_add.latency_cycles + StageCosts{d}.bus(x.task.output_bits);
    const int64_t turn = rank / fit;
    turns[i] = {std::max<int64_t>(0, turn * hold - (adc_cycles[i] - t_conv)), (turn + 1) * hold};
  }
  return turns;
}

int64_t StageCosts::cycles(const Step& s) const {
  switch (s.unit) {
    case Step::Unit::Edram: return edram(s.amount);
    case Step::Unit::Bus: return bus(s.amount);
    case Step::Unit::VectorUnit: return vector(s.amount);
    case Step::Unit::Interconnect: return link(s.at, s.to, s.amount);
  }
  return 0;
}

void StageCosts::countEvents(const Step& s, hw::EventCounts& c) const {
  switch (s.unit) {
    case Step::Unit::Edram: c.edram_accesses += uint64_t(edramAccesses(s.amount)); return;
    case Step::Unit::Bus: c.bus_beats += uint64_t(busBeats(s.amount)); return;
    case Step::Unit::VectorUnit: c.vector_ops += uint64_t(s.amount); return;
    case Step::Unit::Interconnect: hw::noc::countTransfer(d, s.at, s.to, s.amount, c); return;
  }
}

int64_t StageCosts::edramAccesses(int64_t bits) const { return bits <= 0 ? 0 : ceilDiv(bits, d.edram.width_bits); }
int64_t StageCosts::edram(int64_t bits) const { return edramAccesses(bits) * d.edram.access_cycles; }
int64_t StageCosts::busBeats(int64_t bits) const { return bits <= 0 ? 0 : ceilDiv(bits, d.bus.width_bits); }
int64_t StageCosts::bus(int64_t bits) const { return busBeats(bits) * d.bus.cycles_per_beat; }
int64_t StageCosts::link(hw::TileId from, hw::TileId to, int64_t bits) const {
  return hw::noc::idleTransferCycles(d, from, to, bits);
}
int64_t StageCosts::offchipBusy(int64_t bits) const { return bits <= 0 ? 0 : ceilDiv(bits, d.offchip.bits_per_cycle); }
int64_t StageCosts::offchip(int64_t bits) const { return bits <= 0 ? 0 : offchipBusy(bits) + d.offchip.latency_cycles; }
int64_t StageCosts::vector(int64_t ops) const {
  return ops <= 0 ? 0 : ceilDiv(ops, d.vector_unit.lanes) * d.vector_unit.op_cycles;
}
int64_t StageCosts::inputRegisterAccesses(const hw::CrossbarTask& task, int act_bits) const {
  return 2 * ceilDiv(task.rows_used * act_bits, d.input_register.width_bits);
}
int64_t StageCosts::outputRegisterAccesses(int64_t psum_bits) const {
  return 2 * ceilDiv(psum_bits, d.output_register.width_bits);
}
int64_t StageCosts::prefetchDepth(const OpPlan& op) const {
  return std::max<int64_t>(1, std::min<int64_t>(d.offchip.prefetch_samples, op.edram_samples));
}

int64_t StageCosts::outputBufferDepth(const OpPlan& op) const {
  return std::max<int64_t>(1, std::min<int64_t>(d.edram.op_buffer_samples, op.edram_samples));
}

int64_t StageCosts::partialSumSamples(const OpPlan& op) const {
  return std::max<int64_t>(1, std::min<int64_t>(d.edram.op_buffer_samples, op.psum_edram_samples));
}

int64_t StageCosts::partialSumDepth(const OpPlan& op) const {
  const int64_t copies = op.mvms.empty() || op.groups.empty() ? 1 : std::max<int64_t>(1, int64_t(op.groups[0].size()));
  return partialSumSamples(op) * copies;
}

int64_t StageCosts::prefetchInterval(const OpPlan& op, int64_t requests, int64_t bits) const {
  if (bits <= 0 || requests <= 0) return 0;
  const int64_t port = requests * offchipBusy(bits / requests);
  const int64_t trip = port + d.offchip.latency_cycles + edram(bits);
  return std::max({port, edram(bits), ceilDiv(trip, prefetchDepth(op))});
}

int64_t StageCosts::writeRows(int64_t rows) const { return rows * d.crossbar.write_cycles_per_row; }

int64_t StageCosts::offchipGather(const OpPlan& op) const {
  if (!prefetchesGather(op)) return 0;
  return op.gather_requests * offchipBusy(op.gather_bits / op.gather_requests) + d.offchip.latency_cycles;
}

int64_t StageCosts::gather(const OpPlan& op) const {
  return offchipGather(op) + cyclesOf([&](auto&& step) { recipe::gatherLanding(op, step); });
}

int64_t StageCosts::dispatch(const CrossbarGroup& g, hw::TileId source, int act_bits) const {
  return cyclesOf([&](auto&& step) { recipe::groupDispatch(g, source, act_bits, step); });
}

int64_t StageCosts::groupMvm(const CrossbarGroup& g, hw::TileId source, int64_t vectors, int act_bits,
                             int64_t sharing) const {
  // The dispatch goes tile by tile; a tile's crossbars then give their first results; later results
  // follow at the steady-state interval (the dispatch of the next vector overlaps the current one's
  // compute). The last vector's drains end the MVM.
  //
  // Drains queue: each tile's on its one bus, the remote ones on the NoC channels towards the group's
  // home (its ejection port above all). Each channel serves the tiles in the order their crossbars
  // finish, so a tile dispatched early drains while later tiles still compute. Per vector, no channel
  // can carry less than its drains and, for a tile's bus, the vector coming in.
  const int64_t shared_dispatch = sharing * dispatch(g, source, act_bits);
  int64_t interval = shared_dispatch, end = 0, hop_latency = 0;
  int64_t cursor = 0;
  struct TileDrains {
    int64_t ready = 0;                       // cycles after the MVM starts that its crossbars are done
    std::map<uint64_t, int64_t> load;        // cycles its drains hold each channel (by key)
  };
  std::vector<TileDrains> tiles;
  std::map<uint64_t, int64_t> per_vector;  // all drains' cycles on each channel, per vector
  const std::vector<int64_t> adc_cycles = adcCyclesPerSlice(d, g);
  const std::vector<OutputRegisterTurn> turns = outputRegisterTurns(d, g, adc_cycles);
  for (hw::TileId t : g.tiles) {
    const int64_t bits = g.vectorBits(t, act_bits);
    const int64_t trip = cyclesOf([&](auto&& step) { recipe::vectorTrip(source, t, bits, step); });
    cursor += trip;
    // The tile's crossbars finish in cohorts, one per output-register turn (one cohort when there is
    // room for all): each cohort's drains start when it is done.
    std::map<int64_t, TileDrains> cohorts;  // by turn wait
    const uint64_t bus_of_t = uint64_t(0xFF) << 56 | uint64_t(t.value);  // apart from every Channel::key()
    per_vector[bus_of_t] += bus(bits);
    for (size_t i = 0; i < g.crossbars.size(); ++i) {
      const auto& x = g.crossbars[i];
      if (x.place.tile != t) continue;
      const int64_t done = cursor + crossbarLatency(d, x.task, adc_cycles[i]) + turns[i].wait;
      TileDrains& td = cohorts[turns[i].wait];
      td.ready = std::max(td.ready, done);
      interval = std::max({interval, crossbarPeriod(d, x.task, act_bits, shared_dispatch, trip, adc_cycles[i]), turns[i].period});
      const int64_t one = cyclesOf([&](auto&& step) { recipe::drain(g, x, step); });
      const int64_t drain_bits = g.drainBits(x);
      int64_t widest = bus(drain_bits);
      td.load[bus_of_t] += widest;
      hw::noc::forEachTransferChannel(d, t, g.reducerOf(x), drain_bits, [&](const hw::noc::Channel& c, int64_t load) {
        td.load[c.key()] += load;
        widest = std::max(widest, load);
      });
      end = std::max(end, done + one);
      hop_latency = std::max(hop_latency, one - widest);
    }
    for (auto& [wait, td] : cohorts) {
      for (const auto& [channel, load] : td.load) per_vector[channel] += load;
      tiles.push_back(std::move(td));
    }
  }
  for (const auto& [channel, load] : per_vector) interval = std::max(interval, load);
  std::stable_sort(tiles.begin(), tiles.end(), [](const TileDrains& a, const TileDrains& b) { return a.ready < b.ready; });
  std::map<uint64_t, int64_t> free_at;
  for (const auto& td : tiles)
    for (const auto& [channel, load] : td.load) {
      int64_t& f = free_at[channel];
      f = std::max(f, td.ready) + load;
      end = std::max(end, f + hop_latency);
    }
  return end + (vectors - 1) * interval;
}

int64_t StageCosts::reduction(const CrossbarGroup& g, hw::TileId home, int64_t vectors) const {
  // The reducers work at the same time; the longest sets the time, unless their results, all bound
  // for the op's home, take longer one after another through the last channel they all pass (the
  // home router's ejection port, or the bus; no link or injection port carries more of them),
  // starting once the quickest reducer has summed. Other ops' traffic there is priced as loads
  // (AnalyticalModel's ledger).
  int64_t longest = 0, quickest_sum = std::numeric_limits<int64_t>::max(), into_home = 0;
  for (const auto& r : g.reducers) {
    int64_t own = 0;
    recipe::reducerWork(g, r, home, vectors, [&](const Step& s) {
      own += cycles(s);
      if (s.unit == Step::Unit::VectorUnit) quickest_sum = std::min(quickest_sum, cycles(s));
      int64_t last = 0;  // the transfer's busy cycles on its final channel
      if (s.unit == Step::Unit::Interconnect)
        hw::noc::forEachTransferChannel(d, s.at, s.to, s.amount, [&](const hw::noc::Channel&, int64_t busy) { last = busy; });
      into_home += last;
    });
    longest = std::max(longest, own);
  }
  if (into_home == 0) return longest;
  return std::max(longest, (quickest_sum == std::numeric_limits<int64_t>::max() ? 0 : quickest_sum) + into_home);
}

int64_t StageCosts::groupWrite(const CrossbarGroup& g, hw::TileId home) const {
  int64_t rows = 0;
  for (const auto& x : g.crossbars) rows = std::max(rows, x.task.rows_used);
  return cyclesOf([&](auto&& step) { recipe::operandDispatch(g, home, step); }) + writeRows(rows);
}

int64_t StageCosts::runtimeMvm(const MvmWork& m, const CrossbarGroup& g, hw::TileId home) const {
  return m.matrices * (groupWrite(g, home) + groupMvm(g, home, m.vectors, m.act_bits) + reduction(g, home, m.vectors));
}

}  // namespace autorac::sim
