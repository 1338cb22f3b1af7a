#define SC_INCLUDE_DYNAMIC_PROCESSES
#include "sim/run/ChipSimulation.h"

#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <exception>
#include <fstream>
#include <memory>
#include <stdexcept>

#include <systemc>

#include "hw/Chip.h"
#include "hw/ShiftAddUnit.h"
#include "hw/tlm/ProtocolChecker.h"
#include "sim/analytical/StageCosts.h"
#include "sim/run/InputLoader.h"
#include "sim/run/OpRunner.h"
#include "sim/run/OpValues.h"
#include "sim/run/RunLimits.h"
#include "traces/InputError.h"

namespace autorac::sim {
namespace {

// SystemC object names allow letters, digits and '_': op ids such as "b1.attn" are mapped to "b1_attn".
std::string moduleName(const std::string& prefix, const std::string& id) {
  std::string name = prefix + id;
  for (char& c : name)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') c = '_';
  return name;
}

// A hw::Resource, or a unit that counts its activity the same way (hw::AdcGroup).
template <class Unit>
void addActivity(ComponentActivity& a, const Unit& r) {
  a.busy_slot_cycles += r.busySlotCycles();
  a.slot_capacity += uint64_t(r.slots());
  a.wait_cycles += r.waitCycles();
  a.contended_grants += r.contendedGrants();
}

// The unit's busy cycles under the analytical model's name for it (nothing for an idle unit): its busy
// slot-cycles ÷ `capacity`, the slots that make it fully busy (all of them, unless said otherwise).
template <class Unit>
void addUnitBusy(std::map<std::string, double>& busy, SharedUnit named, SharedUnit::Kind kind, const Unit& r,
                 double capacity = 0) {
  if (r.busySlotCycles() == 0) return;
  named.kind = kind;
  busy[named.name()] = double(r.busySlotCycles()) / (capacity > 0 ? capacity : double(r.slots()));
}

}  // namespace

void checkSimulatedTimeFits(const hw::Design& design, int64_t estimated_cycles, uint64_t batch) {
  const double period_fs = double(std::llround(1e6 / design.clock_ghz));
  const double limit_cycles = std::ldexp(1.0, 63) / period_fs;
  if (double(estimated_cycles) <= limit_cycles) return;
  char msg[400];
  std::snprintf(msg, sizeof msg,
                "the run needs about %.4g cycles (%.4g simulated s at clock_ghz=%g) for batch %llu, beyond the "
                "simulator's limit of %.4g cycles (2^63 fs, %.4g s: SystemC's 64-bit femtosecond time with half "
                "kept for contention); lower --batch or raise clock_ghz",
                double(estimated_cycles), double(estimated_cycles) * period_fs * 1e-15, design.clock_ghz,
                (unsigned long long)batch, limit_cycles, std::ldexp(1.0, 63) * 1e-15);
  throw InputError("design", "field 'clock_ghz' and --batch", msg);
}

void checkProcessMapsFit(const Mapping& mapping) {
  int64_t allowed = kDefaultMaxMapCount, read = 0;  // the kernel's own limit where it can be read
  if (std::ifstream("/proc/sys/vm/max_map_count") >> read && read > 0) allowed = read;
  const int64_t crossbars = mapping.crossbarsUsed();
  const int64_t maps = crossbars * kMapsPerSimulatedCrossbar + kMapsBesidesCrossbars;
  if (maps <= allowed) return;
  throw InputError("mapping", "crossbars used",
                   "the mapping uses " + std::to_string(crossbars) + " crossbars; simulating them takes about " +
                       std::to_string(maps) +
                       " memory maps (three SystemC threads per crossbar, two maps per thread stack), more than this "
                       "kernel's vm.max_map_count of " + std::to_string(allowed) +
                       " (raise it with `sysctl -w vm.max_map_count=N`, or simulate a smaller trace)");
}

Estimate estimateAndCheckRunFits(const hw::Design& design, const Mapping& mapping, uint64_t batch) {
  Estimate e = estimate(design, mapping, batch);
  checkSimulatedTimeFits(design, e.cycles, batch);
  checkProcessMapsFit(mapping);
  return e;
}

void checkTlmProtocol(const Measurement& measured) {
  if (measured.tlm_violations == 0) return;
  std::string first;
  for (const auto& v : measured.tlm_first_violations) first += "\n  " + v;
  throw std::logic_error(std::to_string(measured.tlm_violations) + " TLM-2.0 base-protocol violations:" + first);
}

Measurement simulateChip(const hw::Design& design, const Mapping& mapping, uint64_t batch, const std::string& vcd_path,
                         bool progress, const hw::BlockModels& blocks, const std::vector<FunctionalOp>* functional) {
  const auto wall_start = std::chrono::steady_clock::now();
  // Femtoseconds make the period of a clock in GHz exact (2.56 GHz = 390,625 fs).
  sc_core::sc_set_time_resolution(1, sc_core::SC_FS);
  const hw::Clock clock = hw::Clock::ofGhz(design.clock_ghz);

  std::vector<hw::CrossbarPlace> places = mapping.places();
  hw::Chip chip("chip", design, clock, places, mapping.homeTiles(), blocks);
  Measurement m;
  m.ops.resize(mapping.ops.size());
  std::vector<std::unique_ptr<OpRunner>> runners;
  std::vector<std::unique_ptr<InputLoader>> loaders;
  for (size_t i = 0; i < mapping.ops.size(); ++i) {
    const OpPlan& op = mapping.ops[i];
    std::vector<SampleProgress*> inputs;
    std::vector<InputLoader*> mine;
    for (size_t k = 0; k < op.producers.size(); ++k) {
      if (op.producers[k] >= 0) {
        inputs.push_back(&runners[size_t(op.producers[k])]->ready());
      } else {
        loaders.push_back(std::make_unique<InputLoader>(moduleName("load_", op.op_id + "_" + op.input_ids[k]).c_str(), design,
                                                        chip, op.home, op.input_bits[k],
                                                        uint64_t(StageCosts{design}.prefetchDepth(op)), batch, m.io_counts));
        inputs.push_back(&loaders.back()->loaded());
        mine.push_back(loaders.back().get());
      }
    }
    runners.push_back(std::make_unique<OpRunner>(moduleName("op_", op.op_id).c_str(), design, chip, mapping, op, batch,
                                                 m.ops[i].counts, inputs));
    for (InputLoader* l : mine) l->throttleBy(runners.back()->started());
    for (size_t k = 0; k < op.producers.size(); ++k)
      if (op.producers[k] >= 0) runners[size_t(op.producers[k])]->bufferFor(runners.back()->started());
  }

  if (progress) {
    // Wakes only when the last op finishes a sample (nothing is clocked), prints at most twice a second.
    OpRunner* last = runners.back().get();
    sc_core::sc_spawn([last, batch, wall_start, &clock] {
      auto printed = std::chrono::steady_clock::now();
      for (uint64_t n = 1; n <= batch; ++n) {
        last->ready().waitUntil(n);
        const auto now = std::chrono::steady_clock::now();
        if (n < batch && std::chrono::duration<double>(now - printed).count() < 0.5) continue;
        printed = now;
        const double wall = std::chrono::duration<double>(now - wall_start).count();
        std::fprintf(stderr, "\rpimsim: %llu/%llu samples, %llu cycles simulated, %.3g cycles/s%s",
                     (unsigned long long)n, (unsigned long long)batch, (unsigned long long)clock.nowCycles(),
                     wall > 0 ? double(clock.nowCycles()) / wall : 0.0, n == batch ? "\n" : "");
      }
    });
  }

  // The functional datapath: the chip's S+A unit behind a TLM socket, and each checked op's values,
  // computed by its crossbars and carried by its transfers as the run goes.
  std::unique_ptr<hw::ShiftAddUnit> shift_add;
  std::unique_ptr<hw::ShiftAddPort> datapath_port;
  FunctionalRun functional_run;
  std::vector<std::unique_ptr<OpValues>> op_values;  // parallel to *functional; null where unchecked
  if (functional) {
    shift_add = std::make_unique<hw::ShiftAddUnit>("functional_shift_add",
                                                   blocks.shift_add ? blocks.shift_add : std::make_shared<hw::ShiftAdd>());
    datapath_port = std::make_unique<hw::ShiftAddPort>("functional_datapath");
    datapath_port->to_shift_add.bind(shift_add->from_datapath);
    for (const FunctionalOp& f : *functional) {
      op_values.emplace_back(f.weights ? std::make_unique<OpValues>(design, f, datapath_port.get(), functional_run) : nullptr);
      if (f.weights) runners.at(f.op_index)->carryValues(*op_values.back());
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
  m.elaboration_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  try {
    sc_core::sc_start();
  } catch (const sc_core::sc_report& r) {
    // The kernel allocates each thread's stack when the simulation starts; under --max-memory-mb (or
    // any address-space cap) that is where memory runs out first, and it is a limit, not a bug.
    if (std::strcmp(r.get_msg_type(), sc_core::SC_ID_STACK_SETUP_FAILED_) == 0 && addressSpaceCapped()) memoryLimitReached();
    throw;
  }
  if (tf) sc_core::sc_close_vcd_trace_file(tf);
  if (functional_run.failure) std::rethrow_exception(functional_run.failure);
  for (size_t i = 0; i < op_values.size(); ++i) {
    OpFunctionalResult r;
    if (op_values[i]) {
      r = op_values[i]->result();
    } else {
      r.op_id = (*functional)[i].op_id;
      r.checked = false;
    }
    m.functional.push_back(std::move(r));
  }
  m.functional_seconds = functional_run.seconds;
  const hw::tlmcheck::ProtocolChecker& checker = hw::tlmcheck::ProtocolChecker::instance();
  m.tlm_transactions = checker.transactions();
  m.tlm_violations = checker.violations();
  m.tlm_first_violations = checker.firstViolations();

  double latency_sum = 0;
  for (size_t i = 0; i < runners.size(); ++i) {
    m.ops[i].first_start_cycle = runners[i]->firstStartCycle();
    m.ops[i].last_end_cycle = runners[i]->lastEndCycle();
    m.ops[i].threads = runners[i]->threads();
    m.ops[i].queue_wait_cycles = runners[i]->queueWaits().byUnit();
    m.cycles = std::max(m.cycles, runners[i]->lastEndCycle());
    for (const auto& replicas : mapping.ops[i].groups)
      for (const auto& g : replicas)
        for (const auto& a : g.crossbars) {
          m.ops[i].crossbar_read_cycles += chip.crossbar(a.place).busyReadCycles();
          m.ops[i].max_row_writes_per_crossbar =
              std::max(m.ops[i].max_row_writes_per_crossbar, chip.crossbar(a.place).rowWrites());
        }
  }
  // A sample's latency: from the cycle its first input was taken to the cycle its last output left.
  for (uint64_t n = 0; n < batch; ++n) {
    uint64_t begin = UINT64_MAX, end = 0;
    for (size_t i = 0; i < runners.size(); ++i) {
      if (mapping.ops[i].consumers.empty()) end = std::max(end, runners[i]->finishCycles()[n]);
      bool graph_input = false;
      for (int p : mapping.ops[i].producers) graph_input = graph_input || p < 0;
      if (graph_input) begin = std::min(begin, n == 0 ? uint64_t(0) : runners[i]->startCycles()[n]);
    }
    if (begin == UINT64_MAX) begin = 0;
    if (n == 0) m.first_sample_latency_cycles = end;
    latency_sum += double(end - std::min(begin, end));
  }
  m.mean_sample_latency_cycles = batch ? latency_sum / double(batch) : 0;

  for (const auto& [t, tile] : chip.tiles()) {
    addActivity(m.activity["edram"], tile->edram());
    addActivity(m.activity["bus"], tile->bus());
    addActivity(m.activity["vector_unit"], tile->vectorUnit());
    SharedUnit unit;
    unit.tile = t;
    addUnitBusy(m.unit_busy_cycles, unit, SharedUnit::Kind::Edram, tile->edram());
    addUnitBusy(m.unit_busy_cycles, unit, SharedUnit::Kind::Bus, tile->bus());
    addUnitBusy(m.unit_busy_cycles, unit, SharedUnit::Kind::Vector, tile->vectorUnit());
    for (const auto& [p, pe] : tile->pes()) {
      unit.pe = p;
      for (int g = 0; g < pe->adcGroupCount(); ++g) {
        addActivity(m.activity["adc"], pe->adcGroup(g));
        unit.group = g;
        addUnitBusy(m.unit_busy_cycles, unit, SharedUnit::Kind::Adc, pe->adcGroup(g));
      }
      unit.group = 0;
      addActivity(m.activity["shift_add"], pe->shiftAdd());
      // A converting group holds adcs_per_group S+A slots, and the twin loads the pool with each
      // conversion ÷ the groups it serves at once (sim/analytical/StageCosts, concurrentGroupsPerPe).
      addUnitBusy(m.unit_busy_cycles, unit, SharedUnit::Kind::ShiftAdd, pe->shiftAdd(),
                  double(design.adc.adcs_per_group) * double(concurrentGroupsPerPe(design)));
      addActivity(m.activity["output_register"], pe->outputRegister());
    }
  }
  chip.interconnect().forEachChannel([&m](const hw::noc::Channel& c, uint64_t busy, uint64_t held) {
    SharedUnit u;
    u.kind = SharedUnit::Kind::Channel;
    u.channel = c;
    m.unit_busy_cycles[u.name()] = double(busy);
    m.channel_held_cycles[u.name()] = double(held);
  });
  if (chip.offchip().busyCycles()) m.unit_busy_cycles[SharedUnit{}.name()] = double(chip.offchip().busyCycles());
  m.activity["interconnect"].busy_slot_cycles = chip.interconnect().busyCycles();
  m.activity["interconnect"].slot_capacity = 1;
  m.activity["interconnect"].wait_cycles = chip.interconnect().waitCycles();
  m.activity["interconnect"].contended_grants = chip.interconnect().delayedTransfers();
  m.activity["offchip"].busy_slot_cycles = chip.offchip().busyCycles();
  m.activity["offchip"].slot_capacity = 1;
  m.activity["offchip"].wait_cycles = chip.offchip().waitCycles();
  m.activity["offchip"].contended_grants = chip.offchip().delayedRequests();
  uint64_t xbar_busy = 0;
  for (const auto& op : m.ops) xbar_busy += op.crossbar_read_cycles;
  m.activity["crossbar"].busy_slot_cycles = xbar_busy;
  m.activity["crossbar"].slot_capacity = uint64_t(places.size());
  m.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  return m;
}

}  // namespace autorac::sim
