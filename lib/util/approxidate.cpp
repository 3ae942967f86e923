#include "util/approxidate.h"

#include <cctype>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <string>

namespace grit {
namespace {

constexpr const char* kMonths[] = {"January", "February", "March",     "April",   "May",      "June",
                                   "July",    "August",   "September", "October", "November", "December"};
// Plural, as git spells them: "mondays" must match as far as "monday".
constexpr const char* kWeekdays[] = {"Sundays", "Mondays", "Tuesdays", "Wednesdays", "Thursdays", "Fridays",
                                     "Saturdays"};
constexpr const char* kNumbers[] = {"zero", "one", "two", "three", "four", "five",
                                    "six",  "seven", "eight", "nine", "ten"};
struct Unit {
    const char* name;
    std::int64_t seconds;
};
constexpr Unit kUnits[] = {{"seconds", 1}, {"minutes", 60}, {"hours", 3600}, {"days", 86400}, {"weeks", 604800}};

// A time-zone name and its offset in hours (git uses it only when a date
// carries no numeric offset; "dst" zones count one hour more).
struct ZoneName {
    const char* name;
    int offset;
    int dst;
};
constexpr ZoneName kZones[] = {
    {"IDLW", -12, 0}, {"NT", -11, 0},  {"CAT", -10, 0}, {"HST", -10, 0}, {"HDT", -10, 1}, {"YST", -9, 0},
    {"YDT", -9, 1},   {"PST", -8, 0},  {"PDT", -8, 1},  {"MST", -7, 0},  {"MDT", -7, 1},  {"CST", -6, 0},
    {"CDT", -6, 1},   {"EST", -5, 0},  {"EDT", -5, 1},  {"AST", -3, 0},  {"ADT", -3, 1},  {"WAT", -1, 0},
    {"GMT", 0, 0},    {"UTC", 0, 0},   {"Z", 0, 0},     {"WET", 0, 0},   {"BST", 0, 1},   {"CET", 1, 0},
    {"MET", 1, 0},    {"MEWT", 1, 0},  {"MEST", 1, 1},  {"CEST", 1, 1},  {"MESZ", 1, 1},  {"FWT", 1, 0},
    {"FST", 1, 1},    {"EET", 2, 0},   {"EEST", 2, 1},  {"WAST", 7, 0},  {"WADT", 7, 1},  {"CCT", 8, 0},
    {"JST", 9, 0},    {"EAST", 10, 0}, {"EADT", 10, 1}, {"GST", 10, 0},  {"NZT", 12, 0},  {"NZST", 12, 0},
    {"NZDT", 12, 1},  {"IDLE", 12, 0},
};

bool is_digit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }
bool is_alpha(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }
bool is_alnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

// How many leading characters of `date` match `word` case-insensitively;
// 0 when they diverge at a letter or digit.
int match_string(const char* date, const char* word) {
    int i = 0;
    for (; *date; ++date, ++word, ++i) {
        if (*date == *word) continue;
        if (std::toupper(static_cast<unsigned char>(*date)) == std::toupper(static_cast<unsigned char>(*word)))
            continue;
        if (!is_alnum(*date)) break;
        return 0;
    }
    return i;
}

int length_of(const char* s) { return static_cast<int>(std::strlen(s)); }

std::tm blank_tm() {
    std::tm tm{};
    tm.tm_year = tm.tm_mon = tm.tm_mday = -1;
    tm.tm_hour = tm.tm_min = tm.tm_sec = -1;
    tm.tm_isdst = -1;
    return tm;
}

// Seconds since the epoch of a UTC broken-down time, for 1970–2099 only.
std::int64_t tm_to_time(const std::tm& tm) {
    static constexpr int kDaysBefore[] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};
    int year = tm.tm_year - 70, month = tm.tm_mon, day = tm.tm_mday;
    if (year < 0 || year > 129 || month < 0 || month > 11) return -1;
    if (month < 2 || (year + 2) % 4) --day;
    if (tm.tm_hour < 0 || tm.tm_min < 0 || tm.tm_sec < 0) return -1;
    return (static_cast<std::int64_t>(year) * 365 + (year + 1) / 4 + kDaysBefore[month] + day) * 86400 +
           tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec;
}

bool no_date_yet(const std::tm& tm) {
    return (tm.tm_year & tm.tm_mon & tm.tm_mday & tm.tm_hour & tm.tm_min & tm.tm_sec) < 0;
}

// Sets the date of `tm` from year/month/day if they make one. With a
// reference (`now_tm`), a date more than ten days ahead of `now` is refused
// as git refuses it, and a missing year (-1) means this year.
int set_date(long year, long month, long day, const std::tm* now_tm, std::int64_t now, std::tm& tm) {
    if (!(month > 0 && month < 13 && day > 0 && day < 32)) return -1;
    std::tm check = tm;
    std::tm& r = now_tm ? check : tm;
    r.tm_mon = static_cast<int>(month - 1);
    r.tm_mday = static_cast<int>(day);
    if (year == -1) {
        if (!now_tm) return 1;
        r.tm_year = now_tm->tm_year;
    } else if (year >= 1970 && year < 2100) {
        r.tm_year = static_cast<int>(year - 1900);
    } else if (year > 70 && year < 100) {
        r.tm_year = static_cast<int>(year);
    } else if (year < 38) {
        r.tm_year = static_cast<int>(year + 100);
    } else {
        return -1;
    }
    if (!now_tm) return 0;
    std::int64_t specified = tm_to_time(r);
    if (specified != -1 && now + 10 * 24 * 3600 < specified) return -1;
    tm.tm_mon = r.tm_mon;
    tm.tm_mday = r.tm_mday;
    if (year != -1) tm.tm_year = r.tm_year;
    return 0;
}

int set_time(long hour, long minute, long second, std::tm& tm) {
    if (hour < 0 || hour > 24 || minute < 0 || minute >= 60 || second < 0 || second > 60) return -1;
    tm.tm_hour = static_cast<int>(hour);
    tm.tm_min = static_cast<int>(minute);
    tm.tm_sec = static_cast<int>(second);
    return 0;
}

// "num<c>num[<c>num]" with c one of ':' (a time) or '-', '/', '.' (a date,
// tried as y-m-d, y-d-m, d.m.y, m/d/y, d/m/y in git's order). Returns the
// characters used, 0 if it is neither.
int match_multi_number(std::int64_t num, char c, const char* date, const char* end, std::tm& tm, std::int64_t now) {
    char* after;
    long num2 = std::strtol(end + 1, &after, 10);
    long num3 = -1;
    if (*after == c && is_digit(after[1])) num3 = std::strtol(after + 1, &after, 10);
    switch (c) {
    case ':':
        if (num3 < 0) num3 = 0;
        if (num < 25 && num2 >= 0 && num2 < 60 && num3 >= 0 && num3 <= 60) {
            tm.tm_hour = static_cast<int>(num);
            tm.tm_min = static_cast<int>(num2);
            tm.tm_sec = static_cast<int>(num3);
            break;
        }
        return 0;
    default: {
        if (!now) now = std::time(nullptr);
        std::tm now_tm{};
        time_t now_t = static_cast<time_t>(now);
        const std::tm* refuse_future = gmtime_r(&now_t, &now_tm) ? &now_tm : nullptr;
        if (num > 70) {
            if (set_date(num, num2, num3, nullptr, now, tm) == 0) break;
            if (set_date(num, num3, num2, nullptr, now, tm) == 0) break;
        }
        if (c == '.' && set_date(num3, num2, num, nullptr, now, tm) == 0) break;
        if (set_date(num3, num, num2, refuse_future, now, tm) == 0) break;
        if (set_date(num3, num2, num, refuse_future, now, tm) == 0) break;
        return 0;
    }
    }
    return static_cast<int>(after - date);
}

// --- the strict parser (git's parse_date_basic) ---

int match_alpha(const char* date, std::tm& tm, int& offset) {
    for (int i = 0; i < 12; ++i) {
        int m = match_string(date, kMonths[i]);
        if (m >= 3) {
            tm.tm_mon = i;
            return m;
        }
    }
    for (int i = 0; i < 7; ++i) {
        int m = match_string(date, kWeekdays[i]);
        if (m >= 3) {
            tm.tm_wday = i;
            return m;
        }
    }
    for (const ZoneName& z : kZones) {
        int m = match_string(date, z.name);
        if (m >= 3 || m == length_of(z.name)) {
            if (offset == -1) offset = 60 * (z.offset + z.dst);
            return m;
        }
    }
    if (match_string(date, "PM") == 2) {
        tm.tm_hour = (tm.tm_hour % 12) + 12;
        return 2;
    }
    if (match_string(date, "AM") == 2) {
        tm.tm_hour = tm.tm_hour % 12;
        return 2;
    }
    // ISO 8601's "T" between date and time
    if (*date == 'T' && is_digit(date[1]) && tm.tm_hour == -1) {
        tm.tm_min = tm.tm_sec = 0;
        return 1;
    }
    int n = 0;
    while (is_alpha(date[n])) ++n;
    return n;
}

int match_digit(const char* date, std::tm& tm, int& offset, bool& tm_gmt) {
    char* end;
    std::int64_t num = std::strtoll(date, &end, 10);
    // Nine digits or more: seconds since the epoch (eight could be YYYYMMDD).
    if (num >= 100000000 && no_date_yet(tm)) {
        time_t t = static_cast<time_t>(num);
        if (gmtime_r(&t, &tm)) {
            tm_gmt = true;
            return static_cast<int>(end - date);
        }
    }
    if ((*end == ':' || *end == '.' || *end == '/' || *end == '-') && is_digit(end[1])) {
        if (int m = match_multi_number(num, *end, date, end, tm, 0)) return m;
    }
    int n = 0;
    do {
        ++n;
    } while (is_digit(date[n]));
    if (n == 8 || n == 6) {  // compact ISO 8601: YYYYMMDD or HHMMSS
        long a = static_cast<long>(num / 10000), b = static_cast<long>((num % 10000) / 100),
             c = static_cast<long>(num % 100);
        if (n == 8) {
            set_date(a, b, c, nullptr, std::time(nullptr), tm);
        } else if (set_time(a, b, c, tm) == 0 && *end == '.' && is_digit(end[1])) {
            std::strtoul(end + 1, &end, 10);
        }
        return static_cast<int>(end - date);
    }
    if (n == 4) {  // a year, or an offset without its sign
        if (num <= 1400 && offset == -1)
            offset = static_cast<int>((num / 100) * 60 + num % 100);
        else if (num > 1900 && num < 2100)
            tm.tm_year = static_cast<int>(num - 1900);
        return n;
    }
    if (n > 2) return n;
    // A day of the month comes first: "01 Apr 05" is April 1st, 2005.
    if (num > 0 && num < 32 && tm.tm_mday < 0) {
        tm.tm_mday = static_cast<int>(num);
        return n;
    }
    if (n == 2 && tm.tm_year < 0) {
        if (num < 10 && tm.tm_mday >= 0) {
            tm.tm_year = static_cast<int>(num + 100);
            return n;
        }
        if (num >= 70) {
            tm.tm_year = static_cast<int>(num);
            return n;
        }
    }
    if (num > 0 && num < 13 && tm.tm_mon < 0) tm.tm_mon = static_cast<int>(num - 1);
    return n;
}

int match_tz(const char* date, int& offset) {
    char* end;
    long hour = std::strtoul(date + 1, &end, 10);
    long n = end - (date + 1);
    long minute = 0;
    if (n == 4) {
        minute = hour % 100;
        hour /= 100;
    } else if (n != 2) {
        minute = 99;
    } else if (*end == ':') {
        minute = std::strtoul(end + 1, &end, 10);
        if (end - (date + 1) != 5) minute = 99;
    }
    if (minute < 60 && hour < 24) offset = static_cast<int>((*date == '-' ? -1 : 1) * (hour * 60 + minute));
    return static_cast<int>(end - date);
}

// "@<seconds> <+|-hhmm>", the form of object headers.
bool match_object_header_date(const char* date, std::int64_t& timestamp) {
    if (!is_digit(*date)) return false;
    char* end;
    std::int64_t stamp = std::strtoll(date, &end, 10);
    if (*end != ' ' || (end[1] != '+' && end[1] != '-')) return false;
    const char* tz = end + 2;
    for (int i = 0; i < 4; ++i)
        if (!is_digit(tz[i])) return false;
    if (tz[4]) return false;
    timestamp = stamp;
    return true;
}

bool parse_date_basic(const char* date, std::int64_t& timestamp) {
    if (*date == '@' && match_object_header_date(date + 1, timestamp)) return true;
    std::tm tm = blank_tm();
    int offset = -1;
    bool tm_gmt = false;
    while (*date && *date != '\n') {
        int m = 0;
        char c = *date;
        if (is_alpha(c))
            m = match_alpha(date, tm, offset);
        else if (is_digit(c))
            m = match_digit(date, tm, offset, tm_gmt);
        else if ((c == '-' || c == '+') && is_digit(date[1]))
            m = match_tz(date, offset);
        date += m ? m : 1;
    }
    timestamp = tm_to_time(tm);
    if (timestamp == -1) return false;
    if (offset == -1) {
        // No offset given: the local zone's offset at that moment.
        tm.tm_isdst = -1;
        std::int64_t local = static_cast<std::int64_t>(std::mktime(&tm));
        offset = static_cast<int>((timestamp - local) / 60);
    }
    if (!tm_gmt) timestamp -= static_cast<std::int64_t>(offset) * 60;
    return true;
}

// --- the approximate parser (git's approxidate_str) ---

std::int64_t update_tm(std::tm& tm, const std::tm& now, std::int64_t seconds_back) {
    if (tm.tm_mday < 0) tm.tm_mday = now.tm_mday;
    if (tm.tm_mon < 0) tm.tm_mon = now.tm_mon;
    if (tm.tm_year < 0) {
        tm.tm_year = now.tm_year;
        if (tm.tm_mon > now.tm_mon) --tm.tm_year;
    }
    time_t n = std::mktime(&tm) - static_cast<time_t>(seconds_back);
    localtime_r(&n, &tm);
    return static_cast<std::int64_t>(n);
}

void pending_number(std::tm& tm, int& num) {
    int number = num;
    if (!number) return;
    num = 0;
    if (tm.tm_mday < 0 && number < 32) {
        tm.tm_mday = number;
    } else if (tm.tm_mon < 0 && number < 13) {
        tm.tm_mon = number - 1;
    } else if (tm.tm_year < 0) {
        if (number > 1969 && number < 2100)
            tm.tm_year = number - 1900;
        else if (number > 69 && number < 100)
            tm.tm_year = number;
        else if (number < 38)
            tm.tm_year = 100 + number;
    }
}

void at_hour(std::tm& tm, const std::tm& now, int hour) {
    if (tm.tm_hour < hour) update_tm(tm, now, 24 * 60 * 60);
    tm.tm_hour = hour;
    tm.tm_min = tm.tm_sec = 0;
}

void am_pm(std::tm& tm, int& num, int base) {
    int hour = tm.tm_hour, n = num;
    num = 0;
    if (n) {
        hour = n;
        tm.tm_min = tm.tm_sec = 0;
    }
    tm.tm_hour = hour % 12 + base;
}

// The special words; true when `word` was one.
bool special_word(const char* date, std::tm& tm, const std::tm& now, int& num) {
    auto is = [&](const char* w) { return match_string(date, w) == length_of(w); };
    if (is("yesterday")) {
        num = 0;
        update_tm(tm, now, 24 * 60 * 60);
    } else if (is("noon")) {
        pending_number(tm, num);
        at_hour(tm, now, 12);
    } else if (is("midnight")) {
        pending_number(tm, num);
        at_hour(tm, now, 0);
    } else if (is("tea")) {
        pending_number(tm, num);
        at_hour(tm, now, 17);
    } else if (is("PM")) {
        am_pm(tm, num, 12);
    } else if (is("AM")) {
        am_pm(tm, num, 0);
    } else if (is("never")) {
        time_t zero = 0;
        localtime_r(&zero, &tm);
        num = 0;
    } else if (is("now")) {
        num = 0;
        update_tm(tm, now, 0);
    } else {
        return false;
    }
    return true;
}

const char* approx_alpha(const char* date, std::tm& tm, const std::tm& now, int& num, bool& touched) {
    const char* end = date;
    while (is_alpha(*++end)) {
    }
    for (int i = 0; i < 12; ++i) {
        if (match_string(date, kMonths[i]) >= 3) {
            tm.tm_mon = i;
            touched = true;
            return end;
        }
    }
    if (special_word(date, tm, now, num)) {
        touched = true;
        return end;
    }
    if (!num) {
        for (int i = 1; i <= 10; ++i) {
            if (match_string(date, kNumbers[i]) == length_of(kNumbers[i])) {
                num = i;
                touched = true;
                return end;
            }
        }
        if (match_string(date, "last") == 4) {
            num = 1;
            touched = true;
        }
        return end;
    }
    for (const Unit& u : kUnits) {
        if (match_string(date, u.name) >= length_of(u.name) - 1) {
            update_tm(tm, now, u.seconds * num);
            num = 0;
            touched = true;
            return end;
        }
    }
    for (int i = 0; i < 7; ++i) {
        if (match_string(date, kWeekdays[i]) >= 3) {
            int n = num - 1;
            num = 0;
            int diff = tm.tm_wday - i;
            if (diff <= 0) ++n;
            diff += 7 * n;
            update_tm(tm, now, static_cast<std::int64_t>(diff) * 24 * 60 * 60);
            touched = true;
            return end;
        }
    }
    if (match_string(date, "months") >= 5) {
        update_tm(tm, now, 0);
        int n = tm.tm_mon - num;
        num = 0;
        while (n < 0) {
            n += 12;
            --tm.tm_year;
        }
        tm.tm_mon = n;
        touched = true;
        return end;
    }
    if (match_string(date, "years") >= 4) {
        update_tm(tm, now, 0);
        tm.tm_year -= num;
        num = 0;
        touched = true;
    }
    return end;
}

const char* approx_digit(const char* date, std::tm& tm, int& num, std::int64_t now) {
    char* end;
    std::int64_t number = std::strtoll(date, &end, 10);
    if ((*end == ':' || *end == '.' || *end == '/' || *end == '-') && is_digit(end[1])) {
        if (int m = match_multi_number(number, *end, date, end, tm, now)) return date + m;
    }
    // Zero padding only for small numbers ("Dec 02", never "Dec 0002").
    if (date[0] != '0' || end - date <= 2) num = static_cast<int>(number);
    return end;
}

std::int64_t approxidate_str(const char* date, std::int64_t now_seconds, bool& error) {
    int number = 0;
    bool touched = false;
    time_t now_t = static_cast<time_t>(now_seconds);
    std::tm tm{};
    localtime_r(&now_t, &tm);
    const std::tm now = tm;
    tm.tm_year = tm.tm_mon = tm.tm_mday = -1;
    while (*date) {
        char c = *date++;
        if (is_digit(c)) {
            pending_number(tm, number);
            date = approx_digit(date - 1, tm, number, now_seconds);
            touched = true;
        } else if (is_alpha(c)) {
            date = approx_alpha(date - 1, tm, now, number, touched);
        }
    }
    pending_number(tm, number);
    error = !touched;
    return update_tm(tm, now, 0);
}

}  // namespace

std::int64_t current_time() {
    if (const char* fixed = std::getenv("GIT_TEST_DATE_NOW")) return std::atoi(fixed);
    return static_cast<std::int64_t>(std::time(nullptr));
}

std::int64_t approxidate(std::string_view date, std::int64_t now, bool* error) {
    std::string text(date);
    bool failed = false;
    std::int64_t result;
    if (!parse_date_basic(text.c_str(), result)) result = approxidate_str(text.c_str(), now, failed);
    if (error) *error = failed;
    return result;
}

std::optional<std::int64_t> parse_expiry_date(std::string_view date, std::int64_t now) {
    if (date == "never" || date == "false") return 0;
    if (date == "all" || date == "now") return kTimeMax;
    bool error = false;
    std::int64_t t = approxidate(date, now, &error);
    if (error) return std::nullopt;
    return t;
}

}  // namespace grit
