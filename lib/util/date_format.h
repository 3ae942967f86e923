#pragma once
// git's date formats (show_date) for a "<seconds> <+hhmm>" timestamp as
// stored in commit and tag headers. Times are shown in the stored zone.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace grit {

enum class DateFormat { normal, short_date, iso, iso_strict, rfc, raw, unix_seconds };

// Parses git's --date names ("default", "short", "iso"/"iso8601",
// "iso-strict"/"iso8601-strict", "rfc"/"rfc2822", "raw", "unix"); nullopt
// for anything else.
std::optional<DateFormat> parse_date_format(std::string_view name);

struct StoredDate {
    std::int64_t seconds = 0;
    int tz = 0;  // as written: -0700 is -700
};

// "<seconds> <tz>" as found after the email in a person line; nullopt when
// it does not parse.
std::optional<StoredDate> parse_stored_date(std::string_view text);

std::string format_date(const StoredDate& date, DateFormat format);

// --date=format:<fmt>: strftime in the stored zone, %z giving the stored offset.
std::string format_date_strftime(const StoredDate& date, std::string_view format);

}  // namespace grit
