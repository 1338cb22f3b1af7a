#pragma once
// Shared by the trace tests: a private temporary directory, file helpers, and catching InputError.
#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

#include "traces/InputError.h"

namespace autorac::trace::testing {

namespace fs = std::filesystem;

// Removed with everything in it when the test ends; unique per process, so ctest -j is safe.
class TempDir {
public:
  TempDir() {
    static std::atomic<int> n{0};
    path_ = fs::temp_directory_path() / ("autorac-traces-test-" + std::to_string(::getpid()) + "-" + std::to_string(n++));
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    fs::permissions(path_, fs::perms::owner_all, fs::perm_options::add, ec);
    fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }
  std::string file(const std::string& name) const { return (path_ / name).string(); }

private:
  fs::path path_;
};

inline std::string examplesDir() { return std::string(AUTORAC_SOURCE_DIR) + "/traces/examples"; }

// The example traces (not their sidecars), sorted.
inline std::vector<std::string> exampleTraces() {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(examplesDir())) {
    std::string name = e.path().filename().string();
    if (e.path().extension() == ".json" && name.find(".tensors.") == std::string::npos) out.push_back(e.path().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

inline void writeText(const std::string& path, const std::string& text) { std::ofstream(path) << text; }

inline std::string readText(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The InputError message f throws, or a marker that makes substring checks fail.
inline std::string inputErrorOf(const std::function<void()>& f) {
  try {
    f();
  } catch (const autorac::InputError& e) {
    return e.what();
  }
  return "<no InputError thrown>";
}

inline std::vector<std::string> filesIn(const fs::path& dir) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(dir)) out.push_back(e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace autorac::trace::testing
