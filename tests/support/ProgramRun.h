#pragma once
// Runs the project's programs (pimsim, autorac) as a user would and captures what they print.
#include <string>
#include <vector>

namespace autorac::test {

struct ProgramResult {
  int exit_code = -1;
  std::string out, err;
};

ProgramResult runProgram(const std::string& path, const std::vector<std::string>& args);
#ifdef PIMSIM_PATH
inline ProgramResult runPimsim(const std::vector<std::string>& args) { return runProgram(PIMSIM_PATH, args); }
#endif
std::string readFile(const std::string& path);
bool fileExists(const std::string& path);

}  // namespace autorac::test
