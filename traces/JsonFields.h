#pragma once
// Checked access to the fields of one JSON object of a trace (top level, a graph input, an op, a
// tensor). Every failure throws autorac::InputError naming the file, the object and the field, so the
// parsers above stay a list of "this field is a size, that one a bit width" without error plumbing.
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace autorac::trace {

class FieldReader {
public:
  // context names the object in messages ("op 'fc1'", "graph input 'x'", "tensor 'fc1.weight'");
  // empty for the top level. The object must outlive the reader.
  FieldReader(const nlohmann::json& obj, std::string file, std::string context);

  // "op 'fc1', field 'in_features'" (or "field 'batch'" at the top level).
  std::string where(const std::string& key) const;
  [[noreturn]] void fail(const std::string& key, const std::string& what) const;

  bool has(const std::string& key) const { return obj_.contains(key); }
  const nlohmann::json& require(const std::string& key) const;  // present, any type

  int64_t size(const std::string& key) const;                 // integer >= 1
  int bits(const std::string& key, int max_bits = 16) const;  // integer in 1..max_bits
  bool boolean(const std::string& key, bool fallback) const;  // optional bool
  std::string string(const std::string& key) const;           // non-empty string
  std::vector<int64_t> shape(const std::string& key) const;   // non-empty array of sizes

  // Rejects a key that is neither in `allowed` nor "comment", suggesting the nearest allowed name.
  void rejectUnknown(const std::vector<std::string>& allowed) const;

private:
  const nlohmann::json& obj_;
  std::string file_;
  std::string context_;
};

// The integer value of a JSON number, if it is one that fits int64 (512.0, "512" and true are not).
bool jsonToInt64(const nlohmann::json& v, int64_t& out);
// A short rendering of a bad value for messages: "\"512\" (a string)", "1.5 (a float)".
std::string describeJson(const nlohmann::json& v);
// The allowed name within edit distance 2 of `name` (for "did you mean"), or "".
std::string nearestName(const std::string& name, const std::vector<std::string>& allowed);
// "[256, 512]".
std::string shapeString(const std::vector<int64_t>& shape);
// a * b, or false when it overflows int64.
inline bool checkedMul(int64_t a, int64_t b, int64_t& out) { return !__builtin_mul_overflow(a, b, &out); }
// pimsim counts what a trace's sizes multiply to (a table's entries, weights, work per sample, a graph
// input's elements), times at most 64 bits a value, in int64, and its rates in doubles, which hold
// every integer below 2^53. So each such product stays below 2^47 (1.4e14): a table of 10^10 rows of
// 128 values is 1.3e12. Beyond it the figures would wrap (an audit found a table of
// (2^63 - 1) x (2^63 - 1) entries simulated in 0 cycles).
constexpr int64_t kMaxCountedProduct = int64_t(1) << 47;
inline constexpr char kCountedProductTooLarge[] = " reaches 2^47 (1.4e14) or more: too large for pimsim to count exactly";

}  // namespace autorac::trace
