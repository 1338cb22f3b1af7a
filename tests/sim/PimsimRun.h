#pragma once
// Runs the pimsim program as a user would and captures what it prints.
#include <string>
#include <vector>

namespace autorac::test {

struct ProgramResult {
  int exit_code = -1;
  std::string out, err;
};

ProgramResult runPimsim(const std::vector<std::string>& args);
std::string readFile(const std::string& path);
bool fileExists(const std::string& path);

}  // namespace autorac::test
