#pragma once
// The one error type for bad user input (trace files, design files, command-line overrides, data).
// Libraries throw it; only a program's main() turns it into exit code 2. It always names where the
// problem is: the file, and inside it the op / field / line, so a user can fix the input unaided.
#include <stdexcept>
#include <string>

namespace autorac {

class InputError : public std::runtime_error {
public:
  // file: path or a label such as "--set" or "preset isaac"; where: "op 'fc1', field 'in_features'",
  // "line 12", "field 'adc.bits'"; may be empty.
  InputError(std::string file, std::string where, const std::string& what)
      : std::runtime_error(compose(file, where, what)), file_(std::move(file)), where_(std::move(where)) {}

  const std::string& file() const { return file_; }
  const std::string& where() const { return where_; }

private:
  static std::string compose(const std::string& file, const std::string& where, const std::string& what) {
    std::string s = file;
    if (!where.empty()) s += (s.empty() ? "" : ": ") + where;
    return s + (s.empty() ? "" : ": ") + what;
  }
  std::string file_;
  std::string where_;
};

}  // namespace autorac
