#include "traces/JsonLayout.h"

#include <algorithm>
#include <vector>

namespace autorac::trace {

using nlohmann::json;

namespace {

// Keys written first, in these orders; the rest follow alphabetically.
const std::vector<std::string> kDocumentKeys = {"format", "version", "name", "batch", "comment",
                                                "inputs", "ops", "tensors"};
const std::vector<std::string> kRecordKeys = {
    "id", "type", "inputs", "in_features", "out_features", "num_embeddings", "embedding_dim", "in_tokens",
    "out_tokens", "tokens", "dim", "heads", "features", "weight_bits", "act_bits", "act_signed", "activation",
    "bias", "shape", "bits", "signed", "data", "meta", "comment"};

std::vector<std::string> orderedKeys(const json& obj, const std::vector<std::string>& preferred) {
  std::vector<std::string> keys;
  for (auto it = obj.begin(); it != obj.end(); ++it) keys.push_back(it.key());
  auto rank = [&](const std::string& k) {
    return static_cast<size_t>(std::find(preferred.begin(), preferred.end(), k) - preferred.begin());
  };
  std::stable_sort(keys.begin(), keys.end(), [&](const std::string& a, const std::string& b) { return rank(a) < rank(b); });
  return keys;
}

// One line, with a space after ':' and ','.
void compact(const json& v, std::string& out) {
  if (v.is_object()) {
    out += '{';
    bool first = true;
    for (const auto& k : orderedKeys(v, kRecordKeys)) {
      out += first ? "" : ", ";
      out += json(k).dump() + ": ";
      compact(v[k], out);
      first = false;
    }
    out += '}';
  } else if (v.is_array()) {
    out += '[';
    for (size_t i = 0; i < v.size(); ++i) {
      out += i ? ", " : "";
      compact(v[i], out);
    }
    out += ']';
  } else {
    out += v.dump();
  }
}

}  // namespace

std::string layoutRecords(const json& doc) {
  std::string out = "{\n";
  std::vector<std::string> keys = orderedKeys(doc, kDocumentKeys);
  for (size_t i = 0; i < keys.size(); ++i) {
    const json& v = doc[keys[i]];
    out += "  " + json(keys[i]).dump() + ": ";
    bool records = (v.is_array() || v.is_object()) && !v.empty();
    if (!records) {
      compact(v, out);
    } else {
      out += v.is_array() ? "[\n" : "{\n";
      size_t n = 0;
      for (auto it = v.begin(); it != v.end(); ++it, ++n) {
        out += "    ";
        if (v.is_object()) out += json(it.key()).dump() + ": ";
        compact(*it, out);
        out += n + 1 < v.size() ? ",\n" : "\n";
      }
      out += v.is_array() ? "  ]" : "  }";
    }
    out += i + 1 < keys.size() ? ",\n" : "\n";
  }
  return out + "}\n";
}

}  // namespace autorac::trace
