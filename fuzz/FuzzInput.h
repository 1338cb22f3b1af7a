#pragma once
// What the fuzz targets share: turning libFuzzer's bytes into what the code under test reads (a
// string, a scratch file, command-line style option lines) and the one way to report a broken
// invariant. Input errors are the documented outcome and are caught by each target; anything else
// (another exception, a sanitizer report, abort) is a finding.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

namespace autorac::fuzz {

inline std::string text(const uint8_t* data, size_t size) { return std::string(reinterpret_cast<const char*>(data), size); }

// A per-process file in $TMPDIR (default /tmp) holding `content`: for the loaders that take a path, so
// the fuzzer goes through the same code as the programs. Overwritten on every call.
inline std::string scratchFile(const std::string& name, const std::string& content) {
  const char* dir = std::getenv("TMPDIR");
  std::string path = std::string(dir && *dir ? dir : "/tmp") + "/autorac_fuzz_" + std::to_string(getpid()) + "_" + name;
  std::ofstream(path, std::ios::binary | std::ios::trunc) << content;
  return path;
}

// Lines "--name value" (or "--name") become options, in order; every other line is the document.
// Lets one input carry a file plus pimsim-style flags (--set adc.bits=6, --mapping optimized).
struct OptionLines {
  std::vector<std::pair<std::string, std::string>> options;
  std::string document;
};
inline OptionLines splitOptionLines(const std::string& input) {
  OptionLines r;
  size_t start = 0;
  while (start <= input.size()) {
    size_t end = input.find('\n', start);
    if (end == std::string::npos) end = input.size();
    std::string line = input.substr(start, end - start);
    if (line.rfind("--", 0) == 0) {
      size_t space = line.find(' ');
      r.options.emplace_back(line.substr(2, space == std::string::npos ? std::string::npos : space - 2),
                             space == std::string::npos ? "" : line.substr(space + 1));
    } else {
      r.document += line + "\n";
    }
    start = end + 1;
  }
  return r;
}

// A broken invariant (e.g. a round trip that does not read back equal): abort so libFuzzer keeps the input.
[[noreturn]] inline void finding(const std::string& what) {
  std::fprintf(stderr, "fuzz finding: %s\n", what.c_str());
  std::abort();
}

}  // namespace autorac::fuzz
