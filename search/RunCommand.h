#pragma once
// `autorac run`: the end-to-end AutoRAC co-search study (docs/search.md). Trains the supernet when no
// --weights are given, starts the long-lived scorer (`autorac score`, the same binary), and runs the
// search with pimsim workers. Lives in search/, so the command itself includes no LibTorch.
#include <string>

namespace autorac::search {

// `self`: the path of the autorac binary (for its score and train-supernet commands).
int runCommand(int argc, char** argv, const std::string& self);

}  // namespace autorac::search
