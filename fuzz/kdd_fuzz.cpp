// Fuzz target: the KDD Cup 2012 row parser (models/data/KddReader.cpp, TextRow.cpp, DelimitedFileReader.cpp).
// Input: a KDD 2012 data file (header or not, tab or comma separated).
#include "fuzz/ReadAllRows.h"
#include "models/data/KddReader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  autorac::fuzz::readAllRows<autorac::models::KddReader>(data, size, "kdd.txt");
  return 0;
}
