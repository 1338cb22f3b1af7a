#include "tests/support/ProgramRun.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

namespace autorac::test {

std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

bool fileExists(const std::string& path) { return ::access(path.c_str(), F_OK) == 0; }

namespace {
std::string quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}
}  // namespace

ProgramResult runProgram(const std::string& path, const std::vector<std::string>& args) {
  static int counter = 0;
  const std::string base = ::testing::TempDir() + "program_" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
  std::string cmd = quote(path);
  for (const auto& a : args) cmd += " " + quote(a);
  cmd += " >" + quote(base + ".out") + " 2>" + quote(base + ".err") + " </dev/null";
  const int status = std::system(cmd.c_str());
  ProgramResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = readFile(base + ".out");
  r.err = readFile(base + ".err");
  return r;
}

}  // namespace autorac::test
