#define SC_INCLUDE_DYNAMIC_PROCESSES
#include "sim/ChipSimulation.h"

#include <chrono>
#include <cmath>
#include <memory>

#include <systemc>

#include "hw/Chip.h"
#include "hw/Time.h"
#include "sim/FcOpRunner.h"
#include "sim/InputLoader.h"

namespace autorac::sim {
namespace {

void addActivity(ComponentActivity& a, const hw::Resource& r) {
  a.busy_slot_cycles += r.busySlotCycles();
  a.slot_capacity += uint64_t(r.slots());
  a.wait_cycles += r.waitCycles();
  a.contended_grants += r.contendedGrants();
}

}  // namespace

Measurement simulateChip(const hw::Design& design, const Mapping& mapping, uint64_t batch, const std::string& vcd_path) {
  const auto wall_start = std::chrono::steady_clock::now();
  // Femtoseconds make the period of a clock in GHz exact (2.56 GHz = 390,625 fs).
  sc_core::sc_set_time_resolution(1, sc_core::SC_FS);
  hw::Resource::setClockPeriod(sc_core::sc_time::from_value(
      sc_core::sc_time::value_type(std::llround(1e6 / design.clock_ghz))));

  hw::Chip chip("chip", design, mapping.places());
  Measurement m;
  m.ops.resize(mapping.ops.size());
  std::vector<std::unique_ptr<FcOpRunner>> runners;
  std::vector<std::unique_ptr<InputLoader>> loaders;
  // A dummy progress for ops fed by a loader; replaced below once the loader exists.
  std::vector<std::unique_ptr<SampleProgress>> placeholders;
  for (size_t i = 0; i < mapping.ops.size(); ++i) {
    const OpMapping& op = mapping.ops[i];
    SampleProgress* input = nullptr;
    if (op.producer >= 0) {
      input = &runners[size_t(op.producer)]->ready();
    } else {
      placeholders.push_back(std::make_unique<SampleProgress>());
      input = placeholders.back().get();
    }
    runners.push_back(std::make_unique<FcOpRunner>(("op_" + op.op_id).c_str(), design, chip, op, batch,
                                                   m.ops[i].counts, *input));
    if (op.producer < 0) {
      // The loader feeds the runner through the placeholder the runner already waits on.
      loaders.push_back(std::make_unique<InputLoader>(("load_" + op.op_id).c_str(), design, chip, op.home,
                                                      op.inputVectorBits(), batch, m.io_counts,
                                                      runners.back()->dispatched()));
      SampleProgress* feed = input;
      InputLoader* loader = loaders.back().get();
      sc_core::sc_spawn([feed, loader, batch] {
        for (uint64_t n = 0; n < batch; ++n) {
          loader->loaded().waitUntil(n + 1);
          feed->finishOne();
        }
      });
    }
  }

  sc_core::sc_trace_file* tf = nullptr;
  if (!vcd_path.empty()) {
    std::string base = vcd_path;
    if (base.size() > 4 && base.substr(base.size() - 4) == ".vcd") base.resize(base.size() - 4);
    tf = sc_core::sc_create_vcd_trace_file(base.c_str());
    tf->set_time_unit(1, sc_core::SC_PS);
    chip.trace(tf);
  }
  sc_core::sc_start();
  if (tf) sc_core::sc_close_vcd_trace_file(tf);

  for (size_t i = 0; i < runners.size(); ++i) {
    m.ops[i].first_start_cycle = runners[i]->firstStartCycle();
    m.ops[i].last_end_cycle = runners[i]->lastEndCycle();
    m.cycles = std::max(m.cycles, runners[i]->lastEndCycle());
    for (const auto& a : mapping.ops[i].crossbars) m.ops[i].crossbar_read_cycles += chip.crossbar(a.place).busyReadCycles();
  }
  for (size_t i = 0; i < runners.size(); ++i)
    if (mapping.ops[i].consumers.empty() && batch > 0)
      m.first_sample_latency_cycles = std::max<uint64_t>(m.first_sample_latency_cycles, runners[i]->finishCycles()[0]);

  for (const auto& [_, tile] : chip.tiles()) {
    addActivity(m.activity["edram"], tile->edram());
    addActivity(m.activity["bus"], tile->bus());
    addActivity(m.activity["vector_unit"], tile->vectorUnit());
    for (const auto& [__, pe] : tile->pes()) {
      for (int g = 0; g < pe->adcGroupCount(); ++g) addActivity(m.activity["adc"], pe->adcGroup(g));
      addActivity(m.activity["shift_add"], pe->shiftAdd());
    }
  }
  m.activity["interconnect"].busy_slot_cycles = chip.interconnect().busyCycles();
  m.activity["interconnect"].slot_capacity = 1;
  m.activity["offchip"].busy_slot_cycles = chip.offchip().busyCycles();
  m.activity["offchip"].slot_capacity = 1;
  m.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  return m;
}

}  // namespace autorac::sim
