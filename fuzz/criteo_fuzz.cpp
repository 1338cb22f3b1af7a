// Fuzz target: the Criteo row parser (models/data/CriteoReader.cpp, TextRow.cpp, DelimitedFileReader.cpp).
// Input: a Criteo data file (header or not, tab or comma separated).
#include "fuzz/ReadAllRows.h"
#include "models/data/CriteoReader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  autorac::fuzz::readAllRows<autorac::models::CriteoReader>(data, size, "criteo.txt");
  return 0;
}
