// main() for GoogleTest binaries that run the SystemC kernel. SystemC elaborates once per process, so
// each test that simulates must run in a process of its own: CTest does that (gtest_discover_tests);
// by hand, pass --gtest_filter=Suite.Test.
#include <cstdlib>

#include <gtest/gtest.h>
#include <systemc>

int sc_main(int argc, char* argv[]) {
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}

int main(int argc, char* argv[]) {
  // The banner would corrupt the test list that gtest_discover_tests parses.
  setenv("SC_COPYRIGHT_MESSAGE", "DISABLE", 1);
  return sc_core::sc_elab_and_sim(argc, argv);
}
