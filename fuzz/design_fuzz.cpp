// Fuzz target: the design loader (sim/design/DesignLoader, DesignSchema): a design file that may name a
// preset, then --set overrides, then the checks across fields. Input: the design file, with
// "--set key=value" lines (and optionally "--design <preset>" instead of the file) anywhere in it.
#include "fuzz/DesignOptions.h"
#include "traces/InputError.h"

using namespace autorac;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const fuzz::OptionLines in = fuzz::splitOptionLines(fuzz::text(data, size));
  try {
    fuzz::loadDesignOptions(in, fuzz::scratchFile("design.json", in.document));
  } catch (const InputError&) {
  }
  return 0;
}
