#include "traces/JsonText.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <vector>

#include "traces/InputError.h"

namespace autorac::trace {

using nlohmann::json;

namespace {

// Tracks where the parser is (object keys, array indices) to name the object holding a duplicate key.
struct Frame {
  bool is_object;
  std::set<std::string> keys;
  std::string key;
  size_t count = 0;  // array elements started so far
};

std::string pathOf(const std::vector<Frame>& frames) {
  std::string p;
  for (size_t i = 0; i + 1 < frames.size(); ++i) {
    const Frame& f = frames[i];
    if (f.is_object) p += (p.empty() ? "" : ".") + f.key;
    else p += "[" + std::to_string(f.count - 1) + "]";
  }
  return p.empty() ? "top level" : p;
}

// nlohmann's message without its "[json.exception.parse_error.101] " prefix and repeated position.
std::string stripPrefix(const std::string& what) {
  size_t close = what.find("] ");
  std::string s = what.rfind("[json.exception", 0) == 0 && close != std::string::npos ? what.substr(close + 2) : what;
  // "parse error at line 4, column 8: syntax error ..." repeats the position the caller reports.
  size_t colon = s.find(": ");
  return s.rfind("parse error at line", 0) == 0 && colon != std::string::npos ? s.substr(colon + 2) : s;
}

}  // namespace

json parseJsonText(const std::string& text, const std::string& file) {
  std::vector<Frame> frames;
  auto element_starts = [&] {
    if (!frames.empty() && !frames.back().is_object) ++frames.back().count;
  };
  json::parser_callback_t cb = [&](int, json::parse_event_t ev, json& parsed) {
    switch (ev) {
      case json::parse_event_t::object_start: element_starts(); frames.push_back({true, {}, {}, 0}); break;
      case json::parse_event_t::array_start: element_starts(); frames.push_back({false, {}, {}, 0}); break;
      case json::parse_event_t::object_end:
      case json::parse_event_t::array_end: frames.pop_back(); break;
      case json::parse_event_t::value: element_starts(); break;
      case json::parse_event_t::key: {
        Frame& f = frames.back();
        f.key = parsed.get<std::string>();
        if (!f.keys.insert(f.key).second)
          throw InputError(file, pathOf(frames), "key '" + f.key + "' appears twice in the same object");
        break;
      }
    }
    return true;
  };
  try {
    return json::parse(text, cb);
  } catch (const json::parse_error& e) {
    // e.byte is 1-based: the position of the character the parser stopped at.
    size_t end = std::min(text.size(), e.byte == 0 ? size_t{0} : e.byte - 1);
    size_t line = 1, column = 1;
    for (size_t i = 0; i < end; ++i) {
      if (text[i] == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
    }
    throw InputError(file, "line " + std::to_string(line) + ", column " + std::to_string(column) + " (byte " +
                               std::to_string(e.byte) + ")",
                     "malformed JSON: " + stripPrefix(e.what()));
  } catch (const json::out_of_range& e) {
    // A number too large for a double (1e400): nlohmann reports no position for it.
    throw InputError(file, "", "malformed JSON: " + stripPrefix(e.what()));
  }
}

std::string readTextFile(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) throw InputError(path, "", "is a directory, not a file");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path, "", std::string("cannot open: ") + std::strerror(errno));
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) throw InputError(path, "", "read error");
  return ss.str();
}

}  // namespace autorac::trace
