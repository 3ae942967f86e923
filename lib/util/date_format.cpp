#include "util/date_format.h"

#include <charconv>
#include <cstdlib>
#include <ctime>

#include <fmt/format.h>

namespace grit {

namespace {

constexpr const char* kWeekdays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

// Broken-down time in the stored zone: the UTC fields of seconds + offset.
std::tm local_fields(const StoredDate& date) {
    int minutes = (date.tz < 0 ? -1 : 1) * ((std::abs(date.tz) / 100) * 60 + std::abs(date.tz) % 100);
    std::time_t shifted = static_cast<std::time_t>(date.seconds + std::int64_t{minutes} * 60);
    std::tm tm{};
    gmtime_r(&shifted, &tm);
    return tm;
}

}  // namespace

std::optional<DateFormat> parse_date_format(std::string_view name) {
    if (name == "default") return DateFormat::normal;
    if (name == "short") return DateFormat::short_date;
    if (name == "iso" || name == "iso8601") return DateFormat::iso;
    if (name == "iso-strict" || name == "iso8601-strict") return DateFormat::iso_strict;
    if (name == "rfc" || name == "rfc2822") return DateFormat::rfc;
    if (name == "raw") return DateFormat::raw;
    if (name == "unix") return DateFormat::unix_seconds;
    return std::nullopt;
}

std::optional<StoredDate> parse_stored_date(std::string_view text) {
    StoredDate out;
    auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), out.seconds);
    if (ec != std::errc() || p == text.data()) return std::nullopt;
    std::string_view rest(p, static_cast<std::size_t>(text.data() + text.size() - p));
    while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
    if (rest.size() >= 2 && (rest[0] == '+' || rest[0] == '-')) {
        int tz = 0;
        auto [q, ec2] = std::from_chars(rest.data() + 1, rest.data() + rest.size(), tz);
        if (ec2 == std::errc() && q != rest.data() + 1) out.tz = rest[0] == '-' ? -tz : tz;
    }
    return out;
}

std::string format_date(const StoredDate& date, DateFormat format) {
    if (format == DateFormat::raw) return fmt::format("{} {}{:04}", date.seconds, date.tz < 0 ? '-' : '+', std::abs(date.tz));
    if (format == DateFormat::unix_seconds) return std::to_string(date.seconds);
    std::tm tm = local_fields(date);
    char sign = date.tz < 0 ? '-' : '+';
    int tz = std::abs(date.tz);
    switch (format) {
    case DateFormat::short_date:
        return fmt::format("{:04}-{:02}-{:02}", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
    case DateFormat::iso:
        return fmt::format("{:04}-{:02}-{:02} {:02}:{:02}:{:02} {}{:04}", tm.tm_year + 1900, tm.tm_mon + 1,
                           tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, sign, tz);
    case DateFormat::iso_strict:
        return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{}{:02}:{:02}", tm.tm_year + 1900, tm.tm_mon + 1,
                           tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, sign, tz / 100, tz % 100);
    case DateFormat::rfc:
        return fmt::format("{}, {} {} {} {:02}:{:02}:{:02} {}{:04}", kWeekdays[tm.tm_wday], tm.tm_mday,
                           kMonths[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec, sign, tz);
    default:
        return fmt::format("{} {} {} {:02}:{:02}:{:02} {} {}{:04}", kWeekdays[tm.tm_wday], kMonths[tm.tm_mon],
                           tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, tm.tm_year + 1900, sign, tz);
    }
}

std::string format_date_strftime(const StoredDate& date, std::string_view format) {
    std::string spec;
    for (std::size_t i = 0; i < format.size(); ++i) {
        if (format[i] == '%' && i + 1 < format.size() && format[i + 1] == 'z') {
            spec += fmt::format("{}{:04}", date.tz < 0 ? '-' : '+', std::abs(date.tz));
            ++i;
        } else if (format[i] == '%' && i + 1 < format.size() && format[i + 1] == 'Z') {
            ++i;  // git shows no zone name for a stored offset
        } else {
            spec += format[i];
            if (format[i] == '%' && i + 1 < format.size()) spec += format[++i];
        }
    }
    if (spec.empty()) return "";
    std::tm tm = local_fields(date);
    std::string out(spec.size() * 4 + 64, '\0');
    std::size_t n = std::strftime(out.data(), out.size(), spec.c_str(), &tm);
    out.resize(n);
    return out;
}

}  // namespace grit
