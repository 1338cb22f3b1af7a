// Fuzz target: the Avazu row parser (models/data/AvazuReader.cpp, TextRow.cpp, DelimitedFileReader.cpp).
// Input: a Avazu data file (header or not, tab or comma separated).
#include "fuzz/ReadAllRows.h"
#include "models/data/AvazuReader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  autorac::fuzz::readAllRows<autorac::models::AvazuReader>(data, size, "avazu.txt");
  return 0;
}
