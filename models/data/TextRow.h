#pragma once
// Splitting one line of a delimited text file and parsing its numeric fields. Numbers may be written
// as floats for integers ("260.0"); empty fields are "missing". Errors are RowError, which the
// DelimitedFileReader turns into an InputError naming the file and line (or counts, if asked).
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace autorac::models {

struct RowError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Splits on `delim` without copying; a trailing '\r' is removed first. No quoting (none of the CTR
// formats quote fields).
void splitRow(std::string_view line, char delim, std::vector<std::string_view>& out);

// Parses a decimal number (integer or float form). Empty -> nullopt. Anything else that is not a
// complete number throws RowError naming `column`.
std::optional<double> parseNumber(std::string_view field, const std::string& column);

// True if `field` parses completely as a number (used to tell a header line from data).
bool isNumber(std::string_view field);

// Lower-cased copy, for header matching.
std::string lowerCase(std::string_view s);

}  // namespace autorac::models
