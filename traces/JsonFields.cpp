#include "traces/JsonFields.h"

#include <algorithm>
#include <limits>

#include "traces/InputError.h"

namespace autorac::trace {

using nlohmann::json;

FieldReader::FieldReader(const json& obj, std::string file, std::string context)
    : obj_(obj), file_(std::move(file)), context_(std::move(context)) {}

std::string FieldReader::where(const std::string& key) const {
  std::string field = "field '" + key + "'";
  return context_.empty() ? field : context_ + ", " + field;
}

void FieldReader::fail(const std::string& key, const std::string& what) const {
  throw InputError(file_, where(key), what);
}

const json& FieldReader::require(const std::string& key) const {
  auto it = obj_.find(key);
  if (it == obj_.end()) fail(key, "missing required field");
  return *it;
}

int64_t FieldReader::size(const std::string& key) const {
  const json& v = require(key);
  int64_t n = 0;
  if (!jsonToInt64(v, n)) fail(key, "must be a positive integer, got " + describeJson(v));
  if (n < 1) fail(key, "must be a positive integer (>= 1), got " + std::to_string(n));
  return n;
}

int FieldReader::bits(const std::string& key, int max_bits) const {
  const json& v = require(key);
  int64_t n = 0;
  if (!jsonToInt64(v, n)) fail(key, "must be an integer bit width, got " + describeJson(v));
  if (n < 1 || n > max_bits)
    fail(key, "bit width must be in 1.." + std::to_string(max_bits) + ", got " + std::to_string(n));
  return static_cast<int>(n);
}

bool FieldReader::boolean(const std::string& key, bool fallback) const {
  auto it = obj_.find(key);
  if (it == obj_.end()) return fallback;
  if (!it->is_boolean()) fail(key, "must be true or false, got " + describeJson(*it));
  return it->get<bool>();
}

std::string FieldReader::string(const std::string& key) const {
  const json& v = require(key);
  if (!v.is_string()) fail(key, "must be a string, got " + describeJson(v));
  std::string s = v.get<std::string>();
  if (s.empty()) fail(key, "must not be empty");
  return s;
}

std::vector<int64_t> FieldReader::shape(const std::string& key) const {
  const json& v = require(key);
  if (!v.is_array() || v.empty())
    fail(key, "must be a non-empty array of positive integers, got " + describeJson(v));
  std::vector<int64_t> out;
  int64_t total = 1;
  for (size_t i = 0; i < v.size(); ++i) {
    int64_t n = 0;
    if (!jsonToInt64(v[i], n) || n < 1)
      fail(key, "dimension " + std::to_string(i) + " must be a positive integer, got " + describeJson(v[i]));
    if (!checkedMul(total, n, total)) fail(key, "too many elements (overflows int64)");
    out.push_back(n);
  }
  return out;
}

void FieldReader::rejectUnknown(const std::vector<std::string>& allowed) const {
  for (auto it = obj_.begin(); it != obj_.end(); ++it) {
    const std::string& key = it.key();
    if (key == "comment" || std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
    std::string what = "unknown field";
    std::string near = nearestName(key, allowed);
    if (!near.empty()) what += " (did you mean '" + near + "'?)";
    std::string list;
    for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
    fail(key, what + "; allowed here: " + list + ", comment");
  }
}

bool jsonToInt64(const json& v, int64_t& out) {
  if (v.is_number_unsigned()) {
    auto u = v.get<uint64_t>();
    if (u > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) return false;
    out = static_cast<int64_t>(u);
    return true;
  }
  if (v.is_number_integer()) {
    out = v.get<int64_t>();
    return true;
  }
  return false;
}

std::string describeJson(const json& v) {
  std::string text = v.dump();
  if (text.size() > 40) text = text.substr(0, 37) + "...";
  const char* kind = v.is_string() ? "a string" : v.is_boolean() ? "a boolean" : v.is_number_float() ? "a float"
                   : v.is_null() ? "null" : v.is_array() ? "an array" : v.is_object() ? "an object" : "an integer";
  return text + " (" + kind + ")";
}

static size_t editDistance(const std::string& a, const std::string& b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diag = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

std::string nearestName(const std::string& name, const std::vector<std::string>& allowed) {
  std::string best;
  size_t best_d = 3;  // farther than 2 edits is a different word, not a typo
  for (const auto& a : allowed) {
    size_t d = editDistance(name, a);
    if (d < best_d) {
      best_d = d;
      best = a;
    }
  }
  return best;
}

std::string shapeString(const std::vector<int64_t>& shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
  return s + "]";
}

}  // namespace autorac::trace
