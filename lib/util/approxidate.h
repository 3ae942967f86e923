#pragma once
// git's date parsing for options that take a moment in time (`--expire`,
// `--since`, `gc.pruneExpire`…): first the strict formats git stores and
// mails carry ("@1112911993 -0700", ISO 8601 "2005-04-07 22:13:13 +0200",
// RFC 2822 "Thu, 7 Apr 2005 22:13:13 +0200", seconds since the epoch), then
// git's approximate reading of everything else ("2.weeks.ago", "yesterday",
// "noon yesterday", "last friday", "5pm", "2023-01-05", "10/11/2023"),
// relative to `now` and in the local time zone, as git computes them —
// quirks included, since scripts rely on the same cut-off either way.
#include <cstdint>
#include <optional>
#include <string_view>

namespace grit {

// git's clock: GIT_TEST_DATE_NOW (seconds) when set, else the real time.
std::int64_t current_time();

// git's approxidate_careful: the moment `date` names. `error` is set when
// nothing in it could be read as a date (the result is then `now`).
std::int64_t approxidate(std::string_view date, std::int64_t now, bool* error = nullptr);

// git's parse_expiry_date: "never"/"false" is 0 (nothing expires), "all" and
// "now" the end of time (everything does), anything else approxidate;
// nullopt for a date that cannot be read.
std::optional<std::int64_t> parse_expiry_date(std::string_view date, std::int64_t now);

constexpr std::int64_t kTimeMax = INT64_MAX;

}  // namespace grit
