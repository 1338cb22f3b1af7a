#include "sim/report/Report.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "hw/EnergyTable.h"
#include "hw/Inventory.h"
#include "sim/analytical/StageCosts.h"

namespace autorac::sim {
namespace {

using nlohmann::json;
using nlohmann::ordered_json;

// Energy in pJ per component for a set of event counts.
json energyByComponent(const hw::EventCounts& c, const hw::EnergyTable& e) {
  json j = json::object();
#define AUTORAC_EVENT_ENERGY(counter, energy, component, description) j[component] = double(c.counter) * e.energy;
  AUTORAC_EVENT_KINDS(AUTORAC_EVENT_ENERGY)
#undef AUTORAC_EVENT_ENERGY
  return j;
}

double sum(const json& by_component) {
  double s = 0;
  for (const auto& [_, v] : by_component.items()) s += v.get<double>();
  return s;
}

json countsJson(const hw::EventCounts& c) {
  json j = json::object();
#define AUTORAC_EVENT_COUNT(counter, energy, component, description) j[#counter] = c.counter;
  AUTORAC_EVENT_KINDS(AUTORAC_EVENT_COUNT)
#undef AUTORAC_EVENT_COUNT
  return j;
}

// Operations (2 per multiply-accumulate) of one sample.
double opsPerSample(const Mapping& m) {
  double ops = 0;
  for (const auto& op : m.ops)
    for (const auto& w : op.mvms) ops += 2.0 * double(w.macs());
  return ops;
}

// The chip's peak for this trace's precisions: every MVM's operations at the rate every crossbar
// would run them at their own weight and input bits (the time-weighted harmonic mean of those peaks),
// so that no mapping of the trace can exceed it. A 16-bit peak would be exceeded by 8-bit traces.
double tracePeakOpsPerSecond(const hw::Design& d, const Mapping& m) {
  double ops = 0, seconds = 0;
  for (const auto& op : m.ops)
    for (const auto& w : op.mvms) {
      const double o = 2.0 * double(w.macs());
      ops += o;
      seconds += o / peakOpsPerSecond(d, w.weight_bits, w.act_bits);
    }
  return seconds > 0 ? ops / seconds : 0.0;
}

// Energy, power and efficiency of a run of `cycles` with these counts.
json energyBlock(const hw::EventCounts& counts, double cycles, const hw::Design& d, const hw::Inventory& inv,
                 double ops) {
  const hw::EnergyTable table(d);
  json by = energyByComponent(counts, table);
  const double time_ns = cycles / d.clock_ghz;
  const double dynamic = sum(by);
  const double leakage = inv.chipLeakageMw() * time_ns;  // mW × ns = pJ
  const double total = dynamic + leakage;
  return {{"total", total}, {"dynamic", dynamic}, {"leakage", leakage}, {"by_component", by},
          {"power_w", time_ns > 0 ? total / time_ns * 1e-3 : 0.0},
          {"tops_per_w", total > 0 ? ops / total : 0.0}};
}

// The five units with the most cycles (busy, or held), most first (equal ones by name), as {cycles, name}.
std::vector<std::pair<double, std::string>> fiveLargest(const std::map<std::string, double>& cycles_by_unit) {
  std::vector<std::pair<double, std::string>> units;
  for (const auto& [unit, cycles] : cycles_by_unit) units.emplace_back(cycles, unit);
  std::sort(units.begin(), units.end(), [](const auto& a, const auto& b) { return a.first != b.first ? a.first > b.first : a.second < b.second; });
  if (units.size() > 5) units.resize(5);
  return units;
}

// The analytical model's five busiest shared units, busiest first: what the mapper would have to
// relieve next (docs/mapping.md).
json busiestUnits(const Estimate& an) {
  const auto units = fiveLargest(an.unit_loads);
  json out = json::array();
  for (size_t i = 0; i < units.size() && i < 5; ++i)
    out.push_back({{"unit", units[i].second}, {"cycles_per_sample", units[i].first}});
  return out;
}

// The five units busiest in the run, busiest first, each beside what the analytical model loads it
// with: where the twin's interval (its busiest unit) and the measured one part, unit by unit.
json measuredBusiestUnits(const Measurement& ms, const Estimate& an, uint64_t batch) {
  const auto units = fiveLargest(ms.unit_busy_cycles);
  json out = json::array();
  for (size_t i = 0; i < units.size() && batch > 0; ++i) {
    const auto twin = an.unit_loads.find(units[i].second);
    json u = {{"unit", units[i].second},
              {"cycles_per_sample", units[i].first / double(batch)},
              {"busy_fraction", ms.cycles ? units[i].first / double(ms.cycles) : 0.0}};
    // null where the twin loads no such unit (work it does not price as a unit's load)
    u["analytical_cycles_per_sample"] = twin == an.unit_loads.end() ? json() : json(twin->second);
    out.push_back(u);
  }
  return out;
}

// The five interconnect channels packets held longest in the run, longest first: where wormhole
// blocking, which the twin does not price, set the pace (docs/timing-model.md, *Wormhole blocking*).
json mostHeldChannels(const Measurement& ms, uint64_t batch) {
  const auto channels = fiveLargest(ms.channel_held_cycles);
  json out = json::array();
  for (size_t i = 0; i < channels.size() && batch > 0; ++i) {
    const auto flits = ms.unit_busy_cycles.find(channels[i].second);
    const double busy = flits == ms.unit_busy_cycles.end() ? 0.0 : flits->second;
    out.push_back({{"unit", channels[i].second},
                   {"held_cycles_per_sample", channels[i].first / double(batch)},
                   {"held_fraction", ms.cycles ? channels[i].first / double(ms.cycles) : 0.0},
                   {"busy_cycles_per_sample", busy / double(batch)},
                   {"blocked_cycles_per_sample", (channels[i].first - busy) / double(batch)}});
  }
  return out;
}

// One thread's time per sample of the batch (sim/report/Measurement.h, ThreadTime).
json threadJson(const ThreadTime& t, uint64_t batch) {
  const double per = batch > 0 ? 1.0 / double(batch) : 0.0;
  return {{"thread", t.thread},
          {"working_cycles_per_sample", double(t.workingCycles()) * per},
          {"starved_cycles_per_sample", double(t.starved_cycles) * per},
          {"blocked_cycles_per_sample", double(t.blocked_cycles) * per}};
}

// Where an op's threads queued at shared units, per sample: measured (OpMeasurement::queue_wait_cycles)
// beside the twin's waits at the chip's interval (OpEstimate::waitsAt at Estimate::interval_cycles),
// unit by unit, longest first (by the larger of the two; ties by name). The twin prices an op's
// threads as their own steps plus these waits, so where it misses an op's pace, it misses here.
// A side with no entry for a unit is null: the run's threads never used it, or the twin's never visit it.
json queueWaits(const OpMeasurement& measured, const OpEstimate& twin, int64_t interval, uint64_t batch) {
  std::map<std::string, std::pair<std::optional<double>, std::optional<double>>> units;
  for (const auto& [unit, cycles] : measured.queue_wait_cycles)
    units[unit].first = batch > 0 ? double(cycles) / double(batch) : 0.0;
  for (const auto& [unit, cycles] : twin.waitsAt(double(interval))) units[unit].second = cycles;
  const auto longest = [](const auto& w) { return std::max(w.first.value_or(0.0), w.second.value_or(0.0)); };
  std::vector<std::pair<std::string, std::pair<std::optional<double>, std::optional<double>>>> rows(units.begin(), units.end());
  std::stable_sort(rows.begin(), rows.end(), [&](const auto& a, const auto& b) { return longest(a.second) > longest(b.second); });
  const auto value = [](const std::optional<double>& v) { return v ? json(*v) : json(); };
  json out = json::array();
  for (const auto& [unit, w] : rows)
    out.push_back({{"unit", unit}, {"measured_cycles_per_sample", value(w.first)}, {"analytical_cycles_per_sample", value(w.second)}});
  return out;
}

// The thread that worked most per sample (the first op's on a tie), with the share of the run it
// worked. Where one thread sets the pace it waits for no input and no room, works nearly the whole run,
// and the twin's interval for its op is the figure to set beside its working cycles. Where threads
// wait on one another instead (a loop of buffers, a dispatcher held by its partial sums), even the
// slowest works a small share of the run.
json slowestThread(const Mapping& m, const Measurement& ms, const Estimate& an, uint64_t batch) {
  const ThreadTime* worst = nullptr;
  size_t op = 0;
  for (size_t i = 0; i < ms.ops.size(); ++i)
    for (const ThreadTime& t : ms.ops[i].threads)
      if (!worst || t.workingCycles() > worst->workingCycles()) worst = &t, op = i;
  if (!worst) return json();
  json out = threadJson(*worst, batch);
  out["op"] = m.ops[op].op_id;
  out["share_of_run"] = ms.cycles > 0 ? double(worst->workingCycles()) / double(ms.cycles) : 0.0;
  out["analytical_interval_cycles"] = an.ops[op].interval_cycles;
  out["queue_waits"] = queueWaits(ms.ops[op], an.ops[op], an.interval_cycles, batch);
  return out;
}

}  // namespace

json buildReport(const RunRecord& run) {
  const hw::Design& d = run.design.design;
  const hw::Inventory inv(d);
  const Measurement& ms = run.measured;
  const Estimate& an = run.analytical;
  const double ops_total = opsPerSample(run.mapping) * double(run.batch);

  hw::EventCounts measured_counts = ms.io_counts, analytical_counts = an.io_counts;
  for (const auto& o : ms.ops) measured_counts += o.counts;
  for (const auto& o : an.ops) analytical_counts += o.counts;

  json r;
  r["format"] = "autorac-report";
  r["version"] = 1;
  r["units"] = {{"cycles", "clock cycles of design.clock_ghz"}, {"time", "ns"}, {"energy", "pJ"},
                {"area", "mm²"}, {"power", "W"}, {"throughput", "samples/s"}, {"tops_per_w", "TOPS/W (2 ops per MAC)"}};
  r["trace"] = {{"name", run.trace.name}, {"file", run.trace.source}, {"batch", run.batch}, {"ops", run.trace.ops.size()}};
  r["design"] = {{"name", d.name}, {"fields", run.design.fields}, {"origins", run.design.origins}};
  r["mapping"] = {{"strategy", strategyName(run.mapping.strategy)},
                  {"crossbars_used", run.mapping.crossbarsUsed()},
                  {"crossbars_available", d.crossbarsPerChip()},
                  {"pes_used", run.mapping.pesUsed()},
                  {"tiles_used", run.mapping.tilesUsed()},
                  {"chip_tiles", d.tiles},
                  {"matrix_layout", run.mapping.rows_across_tiles ? "row blocks across tiles" : "whole columns per tile"},
                  {"reduction", run.mapping.spread_reduction ? "each column block where its column is" : "on each copy's first tile"},
                  {"chip", d.fit_tiles ? run.design.origins.value("tiles", std::string("fit")) : "fixed: design.tiles"}};
  // Where a matrix spans tiles the optimized mapping had layouts to choose from: say how it chose, each
  // layout's interval in the twin, and under --layout measured what each probe measured.
  if (run.mapping.strategy == Strategy::Optimized && (anyGroupSpansTiles(run.mapping) || !run.mapping.layout_choice.tried.empty())) {
    const LayoutChoice& c = run.mapping.layout_choice;
    r["mapping"]["layout_chosen_by"] = c.by;
    if (!c.tried.empty()) {
      json tried = json::array();
      for (const auto& t : c.tried) {
        json tj = {{"layout", layoutName(t.layout)}};
        if (t.twin_interval > 0) tj["analytical_interval_cycles"] = t.twin_interval;
        if (t.measured_cycles >= 0) tj["measured_cycles"] = t.measured_cycles;
        if (t.chip_tiles > 0) tj["chip_tiles"] = t.chip_tiles;
        if (!t.failure.empty()) tj["failure"] = t.failure;
        tried.push_back(tj);
      }
      r["mapping"]["layouts_tried"] = tried;
      if (c.probe_samples > 0) r["mapping"]["layout_probe_samples"] = c.probe_samples;
    }
  }

  const double time_ns = double(ms.cycles) / d.clock_ghz;
  r["cycles"] = ms.cycles;
  r["time_ns"] = time_ns;
  r["latency_cycles"] = ms.first_sample_latency_cycles;
  r["latency_ns"] = double(ms.first_sample_latency_cycles) / d.clock_ghz;
  r["mean_sample_latency_cycles"] = ms.mean_sample_latency_cycles;
  r["mean_sample_latency_ns"] = ms.mean_sample_latency_cycles / d.clock_ghz;
  r["throughput_samples_per_s"] = time_ns > 0 ? double(run.batch) / time_ns * 1e9 : 0.0;
  json energy = energyBlock(measured_counts, double(ms.cycles), d, inv, ops_total);
  r["energy_pj"] = {{"total", energy["total"]}, {"dynamic", energy["dynamic"]}, {"leakage", energy["leakage"]},
                    {"by_component", energy["by_component"]}};
  r["power_w"] = energy["power_w"];
  // Throughput against the chip's peak at the trace's precisions, and its 16-bit peak (ISAAC's figure).
  const double peak = tracePeakOpsPerSecond(d, run.mapping);
  const double achieved = time_ns > 0 ? ops_total / time_ns * 1e9 : 0.0;
  r["throughput_tops"] = {{"achieved", achieved * 1e-12}, {"peak", peak * 1e-12},
                          {"fraction_of_peak", peak > 0 ? achieved / peak : 0.0},
                          {"peak_16_bit", peakOpsPerSecond(d, 16, 16) * 1e-12}};
  // The roofline's off-chip roof: what the port's bandwidth allows this trace whatever the mapping.
  const double offchip_bits = run.batch > 0 ? double(measured_counts.offchip_bits) / double(run.batch) : 0.0;
  const double roof = offchipRoofOpsPerSecond(d, opsPerSample(run.mapping), offchip_bits);
  if (std::isfinite(roof)) {
    const double attainable = std::min(peak, roof);
    r["throughput_tops"]["offchip_bits_per_sample"] = offchip_bits;
    r["throughput_tops"]["offchip_bits_per_cycle"] = d.offchip.bits_per_cycle;
    r["throughput_tops"]["offchip_roof"] = roof * 1e-12;
    r["throughput_tops"]["attainable"] = attainable * 1e-12;
    r["throughput_tops"]["fraction_of_attainable"] = attainable > 0 ? achieved / attainable : 0.0;
  }
  r["tops_per_w"] = energy["tops_per_w"];
  r["events"] = countsJson(measured_counts);

  json area_by = json::object(), peak_by = json::object();
  for (const auto& it : inv.items()) {
    area_by[it.component] = inv.instancesOnChip(it) * it.area_mm2;
    peak_by[it.component] = inv.instancesOnChip(it) * it.power_mw * 1e-3;
  }
  r["area_mm2"] = {{"total", inv.chipAreaMm2() + inv.offchipAreaMm2()}, {"chip", inv.chipAreaMm2()},
                   {"offchip_io", inv.offchipAreaMm2()}, {"tile", inv.tileAreaMm2()}, {"pe", inv.peAreaMm2()},
                   {"by_component", area_by}};
  r["peak_power_w"] = {{"total", (inv.chipPowerMw() + inv.offchipPowerMw()) * 1e-3}, {"chip", inv.chipPowerMw() * 1e-3},
                       {"offchip_io", inv.offchipPowerMw() * 1e-3}, {"tile", inv.tilePowerMw() * 1e-3},
                       {"pe", inv.pePowerMw() * 1e-3}, {"by_component", peak_by}};

  json util = json::object();
  for (const auto& [name, a] : ms.activity) {
    const double capacity = double(a.slot_capacity) * double(ms.cycles);
    util[name] = {{"busy_fraction", capacity > 0 ? double(a.busy_slot_cycles) / capacity : 0.0},
                  {"wait_cycles", a.wait_cycles}, {"contended_grants", a.contended_grants}};
  }
  r["utilisation"] = util;
  r["busiest_units"] = measuredBusiestUnits(ms, an, run.batch);
  r["most_held_channels"] = mostHeldChannels(ms, run.batch);
  r["tlm_protocol"] = {{"transactions", ms.tlm_transactions}, {"violations", ms.tlm_violations}};

  const hw::EnergyTable table(d);
  json ops = json::array();
  json lossy_ops = json::array();
  int adc_ops = 0, most_bits_needed = 0;
  for (size_t i = 0; i < run.mapping.ops.size(); ++i) {
    const OpPlan& op = run.mapping.ops[i];
    const OpMeasurement& o = ms.ops[i];
    const uint64_t span = o.last_end_cycle - o.first_start_cycle;
    double cells = 0;
    std::set<int> tiles = {op.home.value};
    std::set<std::pair<int, int>> pes;
    json mvms = json::array();
    int op_bits_needed = 0;  // ADC bits the op's crossbar MVMs need; 0 = no conversion at all
    for (size_t k = 0; k < op.mvms.size(); ++k) {
      const MvmWork& w = op.mvms[k];
      json mj = {{"name", w.name}, {"in_features", w.in_features}, {"out_features", w.out_features},
                 {"weight_bits", w.weight_bits}, {"stored_bits", w.stored_bits}, {"act_bits", w.act_bits},
                 {"vectors_per_matrix", w.vectors}, {"matrices", w.matrices}, {"dynamic", w.dynamic},
                 {"engine", w.dynamic ? engineName(op.engine) : "crossbars"}, {"mode", mvmModeName(op.mvmMode(k))}};
      if (!op.groups[k].empty()) {
        const auto& g = op.groups[k].front().geometry;
        mj["replicas"] = op.groups[k].size();
        mj["crossbars_per_replica"] = op.groups[k].front().crossbars.size();
        mj["reduction_tiles_per_replica"] = op.groups[k].front().reducers.size();
        mj["row_blocks"] = g.rowBlocks();
        mj["col_blocks"] = g.colBlocks();
        mj["input_slices"] = g.inputSlices();
        mj["weight_slices"] = g.weightSlices();
        mj["rows_per_crossbar"] = g.rows;
        mj["adc_bits_needed"] = g.adcBitsNeeded();
        mj["adc_lossless"] = g.losslessOn(d);
        // The output register (HARDWARE.md §4): the largest results one crossbar writes per vector, and
        // how many crossbars' results the PE's register holds at once (hw/CrossbarUnit waits for room).
        int64_t out_bits = 0;
        for (const auto& x : op.groups[k].front().crossbars) out_bits = std::max(out_bits, x.task.output_bits);
        mj["output_register_bits_per_vector"] = out_bits;
        mj["output_register_crossbars_at_once"] = hw::MvmGeometry::outputRegisterVectors(d, out_bits);
        op_bits_needed = std::max(op_bits_needed, g.adcBitsNeeded());
      }
      for (const auto& g : op.groups[k])
        for (const auto& x : g.crossbars) {
          cells += double(x.task.rows_used * x.task.cols_used);
          tiles.insert(x.place.tile.value);
          pes.insert({x.place.tile.value, x.place.pe.value});
        }
      mvms.push_back(mj);
    }
    const int64_t xbars = op.crossbarCount();
    json oj = {{"id", op.op_id},
               {"type", trace::opTypeName(op.type)},
               {"start_cycle", o.first_start_cycle},
               {"end_cycle", o.last_end_cycle},
               {"cycles", span},
               {"time_ns", double(span) / d.clock_ghz},
               {"energy_pj", sum(energyByComponent(o.counts, table))},
               {"crossbars", xbars},
               {"pes", pes.size()},
               {"replication", op.replication()},
               {"relay_dispatch", op.relay_dispatch},
               {"home_tile", op.home.value},
               {"tiles", tiles},
               {"mvms", mvms},
               {"vector_ops_per_sample", op.vector_ops},
               {"cell_utilisation", xbars ? cells / (double(xbars) * d.crossbar.rows * d.crossbar.cols) : 0.0},
               {"crossbar_busy_fraction", xbars && span ? double(o.crossbar_read_cycles) / (double(xbars) * double(span)) : 0.0},
               {"analytical", {{"first_sample_start_cycle", an.ops[i].start_cycle},
                               {"first_sample_end_cycle", an.ops[i].end_cycle},
                               {"interval_cycles", an.ops[i].interval_cycles},
                               {"bottleneck", an.ops[i].bottleneck}}}};
    if (!op.engine_reason.empty() || std::any_of(op.mvms.begin(), op.mvms.end(), [](const MvmWork& w) { return w.dynamic; })) {
      oj["engine"] = engineName(op.engine);
      oj["engine_reason"] = op.engine_reason.empty() ? "naive mapping: every dynamic op on the vector unit" : op.engine_reason;
    }
    if (op_bits_needed > 0) {
      const bool lossless = op_bits_needed <= d.adc.bits;
      oj["adc"] = {{"bits_needed", op_bits_needed}, {"lossless", lossless}};
      ++adc_ops;
      most_bits_needed = std::max(most_bits_needed, op_bits_needed);
      if (!lossless) lossy_ops.push_back(op.op_id);
    }
    oj["threads"] = json::array();
    for (const ThreadTime& t : o.threads) oj["threads"].push_back(threadJson(t, run.batch));
    oj["queue_waits"] = queueWaits(o, an.ops[i], an.interval_cycles, run.batch);
    // Samples deep its buffers in the home tile's eDRAM are (sim/mapping/EdramPlan).
    oj["output_buffer_samples"] = StageCosts{d}.outputBufferDepth(op);
    if (op.pipelinedMvm()) oj["partial_sum_samples"] = StageCosts{d}.partialSumSamples(op);  // per copy, at its reducers
    if (StageCosts{d}.prefetchesGather(op) || std::count(op.producers.begin(), op.producers.end(), -1) > 0)
      oj["prefetch_samples"] = StageCosts{d}.prefetchDepth(op);
    if (op.table_bytes > 0) {
      oj["table_bytes"] = op.table_bytes;
      oj["table_in"] = op.table_on_chip ? "edram" : "offchip_dram";
    }
    if (o.max_row_writes_per_crossbar > 0) {
      // Every row write programs each cell of the row once: the busiest crossbar's rows wear fastest.
      const double time_s = double(ms.cycles) / d.clock_ghz * 1e-9;
      const double writes_per_row_per_s = double(o.max_row_writes_per_crossbar) / d.crossbar.rows / time_s;
      oj["endurance"] = {{"max_row_writes_per_crossbar", o.max_row_writes_per_crossbar},
                         {"lifetime_s_at_this_rate", d.crossbar.endurance_writes / writes_per_row_per_s}};
    }
    ops.push_back(oj);
  }
  r["ops"] = ops;
  // Every run says whether its ADCs lose information (HARDWARE.md §2.4), not only --functional ones.
  r["adc"] = {{"bits", d.adc.bits}, {"lossless", lossy_ops.empty()}, {"ops_converting", adc_ops},
              {"lossy_ops", lossy_ops}, {"most_bits_needed", most_bits_needed},
              {"loss_mode", d.adc.loss_mode == hw::AdcLossMode::Clip ? "clip" : "drop-lsb"},
              {"mapping_choice", run.mapping.adc_choice}};

  json a = energyBlock(analytical_counts, double(an.cycles), d, inv, ops_total);
  r["analytical"] = {{"cycles", an.cycles},
                     {"time_ns", double(an.cycles) / d.clock_ghz},
                     {"latency_cycles", an.latency_cycles},
                     {"interval_cycles", an.interval_cycles},
                     {"bottleneck", an.bottleneck},
                     {"busiest_units", busiestUnits(an)},
                     {"energy_pj", {{"total", a["total"]}, {"dynamic", a["dynamic"]}, {"leakage", a["leakage"]},
                                    {"by_component", a["by_component"]}}},
                     {"power_w", a["power_w"]},
                     {"tops_per_w", a["tops_per_w"]},
                     {"events_match_simulation", countsJson(analytical_counts) == countsJson(measured_counts)}};
  r["measured_over_analytical_cycles"] = an.cycles > 0 ? double(ms.cycles) / double(an.cycles) : 0.0;
  r["slowest_thread"] = slowestThread(run.mapping, ms, an, run.batch);

  if (run.functional) {
    json f = json::array();
    for (const auto& fr : *run.functional) {
      if (!fr.checked) {
        f.push_back({{"op", fr.op_id}, {"checked", false}, {"reason", "the trace carries no integer weights for it"}});
        continue;
      }
      f.push_back({{"op", fr.op_id}, {"checked", true}, {"samples", fr.samples}, {"tensor_samples", fr.tensor_samples},
                   {"values_carried", fr.values_carried}, {"lossless_adc", fr.lossless_adc},
                   {"has_reference", fr.has_reference}, {"bit_exact", fr.has_reference && fr.mismatches == 0},
                   {"mismatches", fr.mismatches}, {"max_abs_error", fr.max_abs_error},
                   {"mean_abs_error", fr.mean_abs_error}, {"conversions", fr.conversions},
                   {"lossy_conversions", fr.lossy_conversions}});
    }
    r["functional"] = f;
  }
  return r;
}

std::string summaryText(const json& r) {
  std::ostringstream s;
  char line[512];
  auto row = [&](const char* label, const std::string& value) {  // any length: a value may be long
    std::snprintf(line, sizeof line, "  %-28s ", label);
    s << line << value << "\n";
  };
  auto num = [](double v, const char* fmt) {
    char b[64];
    std::snprintf(b, sizeof b, fmt, v);
    return std::string(b);
  };
  s << "pimsim: trace '" << r["trace"]["name"].get<std::string>() << "' (batch " << r["trace"]["batch"].get<uint64_t>()
    << ") on design '" << r["design"]["name"].get<std::string>() << "', " << r["mapping"]["strategy"].get<std::string>()
    << " mapping\n";
  row("crossbars used", std::to_string(r["mapping"]["crossbars_used"].get<int64_t>()) + " of " +
                            std::to_string(r["mapping"]["crossbars_available"].get<int64_t>()) + " (" +
                            std::to_string(r["mapping"]["tiles_used"].get<int>()) + " tiles)");
  row("chip", std::to_string(r["mapping"]["chip_tiles"].get<int>()) + " tiles, " + r["mapping"]["chip"].get<std::string>());
  if (r["mapping"].contains("layout_chosen_by")) {
    std::string twin, measured;
    if (r["mapping"].contains("layouts_tried"))
      for (const auto& t : r["mapping"]["layouts_tried"]) {
        const std::string name = t["layout"].get<std::string>();
        if (t.contains("analytical_interval_cycles"))
          twin += (twin.empty() ? "" : ", ") + name + " " + std::to_string(t["analytical_interval_cycles"].get<int64_t>());
        else if (t.value("failure", std::string()).rfind("not mapped", 0) == 0)
          twin += (twin.empty() ? "" : ", ") + name + " not mapped";
        if (r["mapping"].contains("layout_probe_samples"))
          measured += (measured.empty() ? "" : ", ") + name + " " +
                      (t.contains("measured_cycles") ? std::to_string(t["measured_cycles"].get<int64_t>())
                                                     : "failed (" + t.value("failure", std::string("?")) + ")") +
                      // under tiles: fit a layout may be fitted to another chip than the one chosen
                      (t.value("chip_tiles", 0) > 0 && t["chip_tiles"] != r["mapping"]["chip_tiles"]
                           ? " on " + std::to_string(t["chip_tiles"].get<int>()) + " tiles"
                           : "");
      }
    std::string detail;
    if (!twin.empty()) detail += "; twin cycles per sample: " + twin;
    if (!measured.empty())
      detail += "; measured cycles over " + std::to_string(r["mapping"]["layout_probe_samples"].get<uint64_t>()) + " samples: " + measured;
    row("layout", r["mapping"]["matrix_layout"].get<std::string>() + ", reduced " + r["mapping"]["reduction"].get<std::string>() +
                      "; chosen by " + r["mapping"]["layout_chosen_by"].get<std::string>() + detail);
  }
  row("cycles (simulated)", std::to_string(r["cycles"].get<uint64_t>()) + "   analytical " +
                                std::to_string(r["analytical"]["cycles"].get<int64_t>()) + "  (x" +
                                num(r["measured_over_analytical_cycles"].get<double>(), "%.4f") + ")");
  row("time", num(r["time_ns"].get<double>(), "%.1f ns"));
  row("latency, first sample", num(r["latency_ns"].get<double>(), "%.1f ns"));
  row("throughput", num(r["throughput_samples_per_s"].get<double>(), "%.4g samples/s"));
  row("energy", num(r["energy_pj"]["total"].get<double>() * 1e-3, "%.4g nJ") + " (dynamic " +
                    num(r["energy_pj"]["dynamic"].get<double>() * 1e-3, "%.4g") + ", leakage " +
                    num(r["energy_pj"]["leakage"].get<double>() * 1e-3, "%.4g") + ")   analytical " +
                    num(r["analytical"]["energy_pj"]["total"].get<double>() * 1e-3, "%.4g nJ"));
  row("throughput, TOPS", num(r["throughput_tops"]["achieved"].get<double>(), "%.4g achieved") + " of " +
                              num(r["throughput_tops"]["peak"].get<double>(), "%.4g peak at the trace's bits") + " (" +
                              num(r["throughput_tops"]["fraction_of_peak"].get<double>() * 100, "%.3g %%") + "; " +
                              num(r["throughput_tops"]["peak_16_bit"].get<double>(), "%.4g at 16 bits") + ")");
  if (r["throughput_tops"].contains("offchip_roof")) {
    const json& t = r["throughput_tops"];
    row("off-chip roof, TOPS", num(t["offchip_roof"].get<double>(), "%.4g") + " (" +
                                   num(t["offchip_bits_per_sample"].get<double>(), "%.6g bits per sample through the port at ") +
                                   std::to_string(t["offchip_bits_per_cycle"].get<int>()) +
                                   " per cycle); achieved " +
                                   num(t["fraction_of_attainable"].get<double>() * 100, "%.3g %% of min(peak, roof)"));
  }
  row("bottleneck (analytical)", r["analytical"]["bottleneck"].get<std::string>());
  // At a batch of one the run is the sample's latency: no thread sets a pace.
  if (!r["slowest_thread"].is_null() && r["trace"]["batch"].get<uint64_t>() > 1) {
    const json& t = r["slowest_thread"];
    row("slowest thread (measured)", "op " + t["op"].get<std::string>() + " " + t["thread"].get<std::string>() + ": " +
                                         num(t["working_cycles_per_sample"].get<double>(), "%.4g cycles/sample working (") +
                                         num(t["share_of_run"].get<double>() * 100, "%.3g %% of the run), ") +
                                         num(t["starved_cycles_per_sample"].get<double>(), "%.4g starved, ") +
                                         num(t["blocked_cycles_per_sample"].get<double>(), "%.4g blocked (analytical interval of the op: ") +
                                         std::to_string(t["analytical_interval_cycles"].get<int64_t>()) + " cycles/sample)");
    std::string waits;
    const auto cycles = [&](const json& v) { return v.is_null() ? std::string("none") : num(v.get<double>(), "%.4g"); };
    for (const json& w : t["queue_waits"]) {
      const double longest = std::max(w["measured_cycles_per_sample"].is_null() ? 0.0 : w["measured_cycles_per_sample"].get<double>(),
                                       w["analytical_cycles_per_sample"].is_null() ? 0.0 : w["analytical_cycles_per_sample"].get<double>());
      if (!waits.empty() && longest < 1) break;  // longest first: the rest are under a cycle a sample
      waits += (waits.empty() ? "" : ", ") + w["unit"].get<std::string>() + " " + cycles(w["measured_cycles_per_sample"]) +
               " (analytical " + cycles(w["analytical_cycles_per_sample"]) + ")";
    }
    if (!waits.empty()) row("  op's queues, cycles/sample", waits);
  }
  std::string busiest;
  for (const json& u : r["busiest_units"])
    busiest += (busiest.empty() ? "" : ", ") + u["unit"].get<std::string>() + " " +
               num(u["cycles_per_sample"].get<double>(), "%.4g") + " (" + num(u["busy_fraction"].get<double>() * 100, "%.3g %%") +
               "; analytical " +
               (u["analytical_cycles_per_sample"].is_null() ? std::string("none") : num(u["analytical_cycles_per_sample"].get<double>(), "%.4g")) + ")";
  if (!busiest.empty()) row("busiest units, cycles/sample", busiest);
  // Where packets stood idle mid-route (wormhole blocking): only where some channel did.
  std::string held;
  for (const json& c : r["most_held_channels"])
    if (c["blocked_cycles_per_sample"].get<double>() > 0)
      held += (held.empty() ? "" : ", ") + c["unit"].get<std::string>() + " " + num(c["held_cycles_per_sample"].get<double>(), "%.4g") +
              " (" + num(c["held_fraction"].get<double>() * 100, "%.3g %%") + "; carrying flits " +
              num(c["busy_cycles_per_sample"].get<double>(), "%.4g") + ")";
  if (!held.empty()) row("most held channels, cycles/sample", held);
  row("average power", num(r["power_w"].get<double>(), "%.4g W"));
  row("efficiency", num(r["tops_per_w"].get<double>(), "%.4g TOPS/W"));
  row("chip area", num(r["area_mm2"]["chip"].get<double>(), "%.4g mm²") + " (+ " +
                       num(r["area_mm2"]["offchip_io"].get<double>(), "%.4g") + " mm² I/O)");
  // Average power counts the energy of off-chip transfers; the I/O links' peak is listed beside the chip's.
  row("peak power", num(r["peak_power_w"]["chip"].get<double>(), "%.4g W") + " (+ " +
                        num(r["peak_power_w"]["offchip_io"].get<double>(), "%.4g") + " W I/O)");
  s << "  energy by component (nJ):";
  for (const auto& [k, v] : r["energy_pj"]["by_component"].items())
    if (v.get<double>() > 0) s << " " << k << "=" << num(v.get<double>() * 1e-3, "%.3g");
  s << "\n  per op:\n";
  for (const auto& op : r["ops"]) {
    std::string engine = op.contains("engine") ? op["engine"].get<std::string>() : "";
    if (op["replication"].get<int>() > 1) engine += " x" + std::to_string(op["replication"].get<int>());
    if (op.value("relay_dispatch", false)) engine += " relayed";
    if (op.contains("table_in")) engine = "table in " + op["table_in"].get<std::string>();
    if (op.contains("adc") && !op["adc"]["lossless"].get<bool>())
      engine += "  LOSSY ADC (needs " + std::to_string(op["adc"]["bits_needed"].get<int>()) + " bits)";
    std::snprintf(line, sizeof line, "    %-12s %-10s %6lld crossbars %10llu cycles %10.4g nJ  cells used %5.1f%%  %s\n",
                  op["id"].get<std::string>().c_str(), op["type"].get<std::string>().c_str(),
                  (long long)op["crossbars"].get<int64_t>(),
                  (unsigned long long)op["cycles"].get<uint64_t>(), op["energy_pj"].get<double>() * 1e-3,
                  op["cell_utilisation"].get<double>() * 100, engine.c_str());
    s << line;
  }
  const json& adc = r["adc"];
  const std::string adc_label = "ADC (" + std::to_string(adc["bits"].get<int>()) + " bits)";
  if (adc["lossless"].get<bool>())
    row(adc_label.c_str(), "lossless on every converting op (" + adc["mapping_choice"].get<std::string>() + ")");
  else
    row(adc_label.c_str(), "LOSSY on " + std::to_string(adc["lossy_ops"].size()) + " of " +
                               std::to_string(adc["ops_converting"].get<int>()) + " converting ops, up to " +
                               std::to_string(adc["most_bits_needed"].get<int>()) + " bits needed, " +
                               adc["loss_mode"].get<std::string>() + " (" + adc["mapping_choice"].get<std::string>() + ")");
  if (r.contains("functional")) {
    s << "  functional check:\n";
    for (const auto& f : r["functional"]) {
      if (!f["checked"].get<bool>()) {
        s << "    " << f["op"].get<std::string>() << ": not checked (no integer weights in the trace)\n";
        continue;
      }
      std::snprintf(line, sizeof line,
                    "    %-14s %s  (%llu of %llu samples, %llu mismatches, max |error| %lld, %llu of %llu conversions lossy, "
                    "%llu values carried)\n",
                    f["op"].get<std::string>().c_str(),
                    !f["has_reference"].get<bool>() ? "no reference" : f["bit_exact"].get<bool>() ? "bit-exact" : "DIFFERS",
                    (unsigned long long)f["samples"].get<uint64_t>(), (unsigned long long)f.value("tensor_samples", f["samples"].get<uint64_t>()),
                    (unsigned long long)f["mismatches"].get<uint64_t>(), (long long)f["max_abs_error"].get<int64_t>(),
                    (unsigned long long)f["lossy_conversions"].get<uint64_t>(),
                    (unsigned long long)f["conversions"].get<uint64_t>(), (unsigned long long)f.value("values_carried", uint64_t(0)));
      s << line;
    }
  }
  return s.str();
}

}  // namespace autorac::sim
