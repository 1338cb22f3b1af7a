#pragma once
// Paths of the shared CTR samples (../shared/data); tests skip with a clear message without them.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

namespace autorac::models::test {

inline std::string sharedData(const std::string& rel) {
  return std::string(AUTORAC_SHARED_DIR) + "/data/" + rel;
}
inline bool haveSharedData() { return std::filesystem::exists(sharedData("README.md")); }

// A scratch file under the system temp dir with the given content; removed by the caller.
inline std::string writeTemp(const std::string& name, const std::string& content) {
  auto path = (std::filesystem::temp_directory_path() / ("autorac_models_" + name)).string();
  std::ofstream(path) << content;
  return path;
}

}  // namespace autorac::models::test

#define REQUIRE_SHARED_DATA()                                                                      \
  if (!autorac::models::test::haveSharedData())                                                    \
  GTEST_SKIP() << "../shared/data not found at " AUTORAC_SHARED_DIR                               \
               "/data: the real CTR samples are not available on this machine"
