// pimsim: simulate a trace on a PIM design, cycle by cycle, and report cycles, energy, area and power
// beside the analytical model's figures. Exit codes (kExitCodes below, also in --help): 0 success, 1
// internal error, 2 bad input or usage, 3 --max-seconds reached, 4 --max-memory-mb reached.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <iostream>
#include <stdexcept>
#include <string>
#include <vector>

#include <boost/program_options.hpp>
#include <systemc>

#include "sim/analytical/AnalyticalModel.h"
#include "sim/mapping/ChipFit.h"
#include "sim/run/ChipSimulation.h"
#include "sim/design/DesignLoader.h"
#include "sim/report/FunctionalCheck.h"
#include "sim/mapping/Mapping.h"
#include "sim/report/Report.h"
#include "sim/run/LayoutProbe.h"
#include "sim/run/RunLimits.h"
#include "traces/InputError.h"
#include "traces/StagedFile.h"
#include "traces/TraceReader.h"
#ifdef AUTORAC_WITH_RTL
#include "cosim/RtlBlocks.h"
#endif

namespace po = boost::program_options;
using namespace autorac;

namespace {

constexpr int kExitOk = 0, kExitInternal = 1, kExitInput = 2;
const char* const kExitCodes =
    "Exit codes: 0 success; 1 internal error (a simulator bug); 2 bad input or usage (the message names the\n"
    "file or option and the field); 3 --max-seconds reached; 4 --max-memory-mb (or the address space) ran out.\n"
    "Exits 1 to 4 write no report.\n";

int run(int argc, char* argv[]) {
  const std::string rtl_help =
      "run these blocks as their verilated RTL inside the chip (mixed-level; the report does not change, only the "
      "wall time), e.g. --rtl router sa. Blocks: " +
#ifdef AUTORAC_WITH_RTL
      cosim::rtlBlockHelp();
#else
      std::string("none (this pimsim was built without Verilator)");
#endif
  po::options_description opts(
      "pimsim --design <preset|file> --trace <file> --report <out.json> [--set key=value ...] [--functional] "
      "[--vcd <file>]\n\nOptions");
  std::string design_spec, trace_path, report_path, vcd_path;
  std::vector<std::string> sets, rtl_names;
  int64_t batch_override = 0;
  std::string mapping_name;
  opts.add_options()
      ("help,h", "print this help")
      ("design", po::value(&design_spec)->default_value("isaac"), "preset name (isaac, neurosim22) or design file")
      ("trace", po::value(&trace_path), "trace file (format v1, docs/trace-format.md)")
      ("report", po::value(&report_path), "where to write the JSON report (written only on success)")
      ("set", po::value(&sets)->composing(), "override a design field, e.g. --set adc.bits=6 (repeatable)")
      ("batch", po::value(&batch_override), "simulate this many samples instead of the trace's batch")
      ("mapping", po::value(&mapping_name)->default_value("naive"),
       "naive (trace order, no replication, precision-unaware slices, dynamic ops on the vector unit) or optimized")
      ("lossless-adc", "optimized mapping: use only as many rows per crossbar as keep every column sum within the ADC's bits "
                       "(more crossbars and conversions; exact sums), where the chip has the crossbars")
      ("layout", po::value<std::string>()->default_value("auto"),
       "optimized mapping, where a weight matrix spans tiles: auto (the analytical twin picks the shortest interval), "
       "columns, rows-spread, columns-spread, or measured (each simulated for a short batch, the fastest kept; docs/mapping.md)")
      ("no-relay", "optimized mapping: never relay a copied op's dispatch through its copies' first tiles "
                   "(each copy's tiles then get their rows from the op's input, one tile after another; docs/mapping.md)")
      ("functional", "also compute every fc op's values through the modelled datapath and compare with the trace's reference")
      ("vcd", po::value(&vcd_path), "write a waveform of the main handshakes (GTKWave)")
      ("rtl", po::value(&rtl_names)->multitoken()->composing(), rtl_help.c_str())
      ("progress", "show samples simulated and speed on stderr while running (default when stderr is a terminal)")
      ("list-fields", "print every design field as a Markdown table and exit")
      ("max-seconds", po::value<double>()->default_value(0),
       "stop with exit 3 after this many seconds of wall-clock time, all phases together (0 = no limit)")
      ("max-memory-mb", po::value<int64_t>()->default_value(0),
       "cap the address space at this many MiB (setrlimit RLIMIT_AS); past it, exit 4 (0 = no limit)");
  po::variables_map vm;
  try {
    po::store(po::parse_command_line(argc, argv, opts), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    std::cerr << "pimsim: " << e.what() << "\n" << opts << "\n";
    return kExitInput;
  }
  if (vm.count("help")) {
    std::cout << opts << "\n" << kExitCodes;
    return kExitOk;
  }
  if (vm.count("list-fields")) {
    std::cout << sim::designFieldsMarkdown();
    return kExitOk;
  }
  if (vm["max-seconds"].as<double>() < 0) {
    std::cerr << "pimsim: --max-seconds must be 0 (no limit) or more\n";
    return kExitInput;
  }
  if (vm["max-memory-mb"].as<int64_t>() < 0) {
    std::cerr << "pimsim: --max-memory-mb must be 0 (no limit) or more\n";
    return kExitInput;
  }
  sim::limitWallClock(vm["max-seconds"].as<double>());
  sim::limitMemory(vm["max-memory-mb"].as<int64_t>());
  if (trace_path.empty()) {
    std::cerr << "pimsim: --trace is required\n" << opts << "\n";
    return kExitInput;
  }
  if (vm.count("batch") && batch_override < 1) {
    std::cerr << "pimsim: --batch must be at least 1\n";
    return kExitInput;
  }

  using Clock = std::chrono::steady_clock;
  const auto seconds_since = [](Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); };
  const auto t_start = Clock::now();
  const sim::ResolvedDesign loaded = sim::loadDesign(design_spec, sets);
  trace::Trace tr = trace::readTrace(trace_path);
  const double load_s = seconds_since(t_start);
  const auto t_map = Clock::now();
  const uint64_t batch = uint64_t(vm.count("batch") ? batch_override : tr.batch);
  if (mapping_name != "naive" && mapping_name != "optimized") {
    std::cerr << "pimsim: --mapping must be naive or optimized, not '" << mapping_name << "'\n";
    return kExitInput;
  }
  if (vm.count("lossless-adc") && mapping_name != "optimized") {
    std::cerr << "pimsim: --lossless-adc needs --mapping optimized (the naive mapping uses every row)\n";
    return kExitInput;
  }
  if (vm.count("no-relay") && mapping_name != "optimized") {
    std::cerr << "pimsim: --no-relay needs --mapping optimized (the naive mapping never relays)\n";
    return kExitInput;
  }
  const sim::Layout layout = sim::parseLayout(vm["layout"].as<std::string>());
  const bool measured_layout = layout == sim::Layout::Measured;
  if (layout != sim::Layout::Auto && mapping_name != "optimized") {
    std::cerr << "pimsim: --layout needs --mapping optimized (the naive mapping lays out whole columns)\n";
    return kExitInput;
  }
  // Refuse what can be refused before any mapping or layout probe runs: a verilated block the design
  // cannot take, and a report that cannot be written (which also leaves nothing behind if a limit stops the run).
  if (!rtl_names.empty()) {
#ifdef AUTORAC_WITH_RTL
    // Built again below for the chip as planned. A fitted chip's tile count is known only then, so
    // this check takes its smallest (the mesh's size is checked on the planned chip).
    hw::Design smallest = loaded.design;
    if (smallest.fit_tiles) smallest.tiles = 1;
    std::vector<std::string> unused;
    cosim::rtlBlocks(rtl_names, smallest, unused);
#else
    throw InputError("--rtl", "", "this pimsim was built without Verilator: no verilated block can run inside the chip");
#endif
  }
  if (std::find(rtl_names.begin(), rtl_names.end(), "sa") != rtl_names.end() && !vm.count("functional"))
    throw InputError("--rtl sa", "", "the S+A's arithmetic is computed only with --functional (a timing run has no values)");
  if (!report_path.empty()) trace::StagedFile(report_path, "");
  const sim::MapOptions map_options{vm.count("lossless-adc") > 0, measured_layout ? sim::Layout::Auto : layout,
                                    vm.count("no-relay") == 0};
  const sim::ChipPlan plan =
      measured_layout ? sim::chooseLayoutByMeasurement(tr, loaded, map_options, batch)
                      : sim::planChip(tr, loaded, mapping_name == "naive" ? sim::Strategy::Naive : sim::Strategy::Optimized, map_options);
  const sim::ResolvedDesign& design = plan.design;
  const sim::Mapping& mapping = plan.mapping;
  hw::BlockModels blocks;
  std::vector<std::string> rtl_described;
#ifdef AUTORAC_WITH_RTL
  if (!rtl_names.empty()) blocks = cosim::rtlBlocks(rtl_names, design.design, rtl_described);
#endif
  // The functional datapath's tensors, and whether a verilated S+A takes its matrices, are checked
  // now; its values are computed in the SystemC run, by the crossbars as they go, through the chip's
  // S+A unit (hw/ShiftAddUnit.h), and carried by the run's transfers (sim/run/OpValues.h).
  std::vector<sim::FunctionalOp> functional_ops;
  if (vm.count("functional")) functional_ops = sim::functionalOps(tr, mapping);
  if (blocks.shift_add) sim::checkShiftAdd(mapping, functional_ops, *blocks.shift_add, "--rtl sa");
  const sim::Estimate analytical = sim::estimateAndCheckRunFits(design.design, mapping, batch);
  const double map_s = seconds_since(t_map);

  const bool progress = vm.count("progress") || isatty(STDERR_FILENO);
  const sim::Measurement measured = sim::simulateChip(design.design, mapping, batch, vcd_path, progress, blocks,
                                                      vm.count("functional") ? &functional_ops : nullptr);
  sim::checkTlmProtocol(measured);
  for (const auto& f : measured.functional)
    if (f.checked && f.samples < f.tensor_samples)
      std::cerr << "pimsim: --functional: op '" << f.op_id << "' checked " << f.samples << " of its tensors' " << f.tensor_samples
                << " samples (one rides with each simulated input vector; raise --batch to check them all)\n";
  const auto t_report = Clock::now();
  const nlohmann::json report = sim::buildReport(
      {tr, design, mapping, batch, measured, analytical, vm.count("functional") ? &measured.functional : nullptr});
  sim::disarmWallClock();  // the figures are complete: write them whole
  std::cout << sim::summaryText(report);
  for (const auto& line : rtl_described) std::cout << "  verilated block              " << line << "\n";
  // Each phase's wall time: a large design's cost may sit in mapping or elaboration, not in the run.
  const double functional_s = measured.functional_seconds;  // the datapath's arithmetic, within the run's
  const double run_s = measured.wall_seconds - measured.elaboration_seconds - functional_s, report_s = seconds_since(t_report);
  char functional_wall[64] = "";
  if (vm.count("functional")) std::snprintf(functional_wall, sizeof functional_wall, ", functional datapath %.3g", functional_s);
  char wall[384];
  std::snprintf(wall, sizeof wall,
                "  wall time                    %.4g s: load %.3g, mapping and analytical%s %.3g, elaboration %.3g, "
                "simulation %.3g (%.4g simulated cycles/s)%s, report %.3g\n",
                seconds_since(t_start), load_s, measured_layout ? " (with the layout probes)" : "", map_s,
                measured.elaboration_seconds, run_s,
                run_s > 0 ? double(measured.cycles) / run_s : 0.0, functional_wall, report_s);
  std::cout << wall;
  if (!report_path.empty()) {
    trace::StagedFile out(report_path, report.dump(2) + "\n");
    out.commit();
    std::cout << "  report                       " << report_path << "\n";
  }
  return kExitOk;
}

}  // namespace

int sc_main(int argc, char* argv[]) {
  try {
    return run(argc, argv);
  } catch (const InputError& e) {
    std::cerr << "pimsim: error: " << e.what() << "\n";
    return kExitInput;
  } catch (const std::exception& e) {
    std::cerr << "pimsim: internal error: " << e.what() << "\n";
    return kExitInternal;
  }
}

int main(int argc, char* argv[]) {
  // SystemC prints a banner on first use unless told not to; the report on stdout should stand alone.
  setenv("SC_COPYRIGHT_MESSAGE", "DISABLE", 1);
  return sc_core::sc_elab_and_sim(argc, argv);
}
