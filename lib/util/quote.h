#pragma once
// git's C-style quoting of path names (quote.c's quote_c_style): a name that
// contains a control byte, '"', '\\', DEL or (when quote_high_bytes, i.e.
// core.quotePath) a byte >= 0x80 is written in double quotes with C escapes
// (\a \b \t \n \v \f \r \" \\, everything else as three-digit octal). Other
// names are written unchanged.
#include <optional>
#include <string>
#include <string_view>

namespace grit {

// Appends name to out, quoted only if it needs to be.
void append_c_quoted(std::string& out, std::string_view name, bool quote_high_bytes);

// Appends s in single quotes as a POSIX shell reads it back ('\'' for a
// quote, '\!' for '!'), git's sq_quote: GIT_CONFIG_PARAMETERS and --shell.
void append_sq_quoted(std::string& out, std::string_view s);

// The inverse for a string starting with '"': the unquoted text up to the
// closing quote, or nullopt when the quoting is malformed. *consumed, if
// given, receives the length through the closing quote.
std::optional<std::string> unquote_c_style(std::string_view quoted, std::size_t* consumed = nullptr);

}  // namespace grit
