// Fuzz target: the architecture loader (models/space/Arch.cpp, `autorac --arch`). Input: an architecture
// file. One that loads must save and load back equal.
#include "fuzz/FuzzInput.h"
#include "models/space/Arch.h"
#include "traces/InputError.h"

using namespace autorac;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  models::Arch a;
  try {
    a = models::Arch::load(fuzz::scratchFile("arch.json", fuzz::text(data, size)));
  } catch (const InputError&) {
    return 0;
  }
  models::Arch back;
  try {
    back = models::Arch::fromJson(a.toJson(), "round-trip");
  } catch (const InputError& e) {
    fuzz::finding(std::string("an architecture that loaded does not load back after saving: ") + e.what());
  }
  if (!(back == a)) fuzz::finding("round trip differs: " + a.toJson().dump() + " vs " + back.toJson().dump());
  return 0;
}
