// Fuzz target: pimsim's front end up to elaboration (sim/pimsim.cpp): load the design, read the trace,
// map it and fit the chip (sim/mapping/ChipFit) -- everything before the SystemC run. Input: the trace
// file, with pimsim's own option lines anywhere in it: "--design <preset>" (default isaac),
// "--set key=value", "--mapping naive|optimized", "--lossless-adc".
#include "fuzz/DesignOptions.h"
#include "sim/mapping/ChipFit.h"
#include "traces/TraceReader.h"

using namespace autorac;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const fuzz::OptionLines in = fuzz::splitOptionLines(fuzz::text(data, size));
  sim::Strategy strategy = sim::Strategy::Naive;
  sim::MapOptions options;
  for (const auto& [name, value] : in.options) {
    if (name == "mapping" && value == "optimized") strategy = sim::Strategy::Optimized;
    if (name == "lossless-adc") options.lossless_adc = true;
  }
  // pimsim refuses --lossless-adc without --mapping optimized (exit 2) before mapping.
  if (options.lossless_adc && strategy != sim::Strategy::Optimized) return 0;
  try {
    const sim::ResolvedDesign design = fuzz::loadDesignOptions(in, "isaac");
    const trace::Trace t = trace::readTrace(fuzz::scratchFile("trace.json", in.document));
    sim::planChip(t, design, strategy, options);
  } catch (const InputError&) {
  }
  return 0;
}
