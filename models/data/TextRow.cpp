#include "models/data/TextRow.h"

#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>

namespace autorac::models {

void splitRow(std::string_view line, char delim, std::vector<std::string_view>& out) {
  out.clear();
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  size_t start = 0;
  while (true) {
    size_t pos = line.find(delim, start);
    if (pos == std::string_view::npos) {
      out.push_back(line.substr(start));
      return;
    }
    out.push_back(line.substr(start, pos - start));
    start = pos + 1;
  }
}

static bool parseDouble(std::string_view field, double& v) {
  if (field.empty() || field.size() > 63) return false;
  char buf[64];
  field.copy(buf, field.size());
  buf[field.size()] = '\0';
  char* end = nullptr;
  errno = 0;
  v = std::strtod(buf, &end);
  return end == buf + field.size() && errno != ERANGE && std::isfinite(v) &&
         !std::isspace(static_cast<unsigned char>(buf[0]));
}

std::optional<double> parseNumber(std::string_view field, const std::string& column) {
  if (field.empty()) return std::nullopt;
  double v = 0;
  if (!parseDouble(field, v))
    throw RowError("field " + column + ": '" + std::string(field.substr(0, 40)) + "' is not a number");
  return v;
}

bool isNumber(std::string_view field) {
  double v = 0;
  return parseDouble(field, v);
}

std::string lowerCase(std::string_view s) {
  std::string r(s);
  for (char& c : r) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return r;
}

}  // namespace autorac::models
