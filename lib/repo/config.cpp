#include "repo/config.h"

#include <cerrno>
#include <climits>
#include <cinttypes>
#include <cstdlib>
#include <strings.h>

#include "util/error.h"
#include "util/path.h"

namespace grit {
namespace {

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_key_char(char c) { return is_alpha(c) || (c >= '0' && c <= '9') || c == '-'; }
char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }

// Lowercases section and variable name, keeping a subsection as is; the
// lookup form of a key the caller already knows to be valid.
std::string lookup_key(std::string_view key) {
    std::string out(key);
    auto first = out.find('.');
    auto last = out.rfind('.');
    for (std::size_t i = 0; i < out.size(); ++i)
        if (i < first || i > last) out[i] = lower(out[i]);
    return out;
}

enum class NumberError { none, invalid_unit, out_of_range };

std::uint64_t unit_factor(std::string_view suffix) {
    if (suffix.empty()) return 1;
    if (suffix.size() != 1) return 0;
    switch (suffix[0]) {
    case 'k': case 'K': return 1024;
    case 'm': case 'M': return 1024 * 1024;
    case 'g': case 'G': return 1024 * 1024 * 1024;
    }
    return 0;
}

// git_parse_signed: strtoimax with base 0 and a k/m/g suffix, |result| <= max.
NumberError parse_signed(const std::optional<std::string>& value, std::int64_t max, std::int64_t& out) {
    if (!value || value->empty()) return NumberError::invalid_unit;
    errno = 0;
    char* end = nullptr;
    intmax_t v = std::strtoimax(value->c_str(), &end, 0);
    if (errno == ERANGE) return NumberError::out_of_range;
    if (end == value->c_str()) return NumberError::invalid_unit;
    std::uint64_t factor = unit_factor(end);
    if (!factor) return NumberError::invalid_unit;
    std::uint64_t magnitude = v < 0 ? 0 - static_cast<std::uint64_t>(v) : static_cast<std::uint64_t>(v);
    if (magnitude && factor > UINT64_MAX / magnitude) return NumberError::out_of_range;
    if (magnitude * factor > static_cast<std::uint64_t>(max)) return NumberError::out_of_range;
    out = v * static_cast<std::int64_t>(factor);
    return NumberError::none;
}

NumberError parse_unsigned(const std::optional<std::string>& value, std::uint64_t max, std::uint64_t& out) {
    if (!value || value->empty() || value->find('-') != std::string::npos) return NumberError::invalid_unit;
    errno = 0;
    char* end = nullptr;
    uintmax_t v = std::strtoumax(value->c_str(), &end, 0);
    if (errno == ERANGE) return NumberError::out_of_range;
    if (end == value->c_str()) return NumberError::invalid_unit;
    std::uint64_t factor = unit_factor(end);
    if (!factor) return NumberError::invalid_unit;
    if (v && factor > UINT64_MAX / v) return NumberError::out_of_range;
    if (v * factor > max) return NumberError::out_of_range;
    out = v * factor;
    return NumberError::none;
}

[[noreturn]] void bad_number(std::string_view key, const std::optional<std::string>& value, NumberError e) {
    throw ConfigError("bad numeric config value '" + value.value_or("") + "' for '" + std::string(key) +
                      "': " + (e == NumberError::out_of_range ? "out of range" : "invalid unit"));
}

}  // namespace

void Config::add(std::string key, std::optional<std::string> value, ConfigScope scope, std::string origin) {
    entries_.push_back(ConfigEntry{std::move(key), std::move(value), scope, std::move(origin), 0});
}

const ConfigEntry* Config::find_last(std::string_view key) const {
    std::string k = lookup_key(key);
    for (auto it = entries_.rbegin(); it != entries_.rend(); ++it)
        if (it->key == k) return &*it;
    return nullptr;
}

std::optional<std::string> Config::get(std::string_view key) const {
    const ConfigEntry* e = find_last(key);
    if (!e) return std::nullopt;
    return e->value ? *e->value : std::string("true");
}

std::vector<std::string> Config::get_all(std::string_view key) const {
    std::string k = lookup_key(key);
    std::vector<std::string> out;
    for (const auto& e : entries_)
        if (e.key == k) out.push_back(e.value ? *e.value : std::string("true"));
    return out;
}

std::optional<bool> Config::parse_bool(std::string_view value) {
    if (value.empty()) return false;
    std::string v(value);
    for (const char* word : {"true", "yes", "on"})
        if (strcasecmp(v.c_str(), word) == 0) return true;
    for (const char* word : {"false", "no", "off"})
        if (strcasecmp(v.c_str(), word) == 0) return false;
    std::int64_t n;
    if (parse_signed(v, INT_MAX, n) == NumberError::none) return n != 0;
    return std::nullopt;
}

std::optional<bool> Config::get_bool(std::string_view key) const {
    const ConfigEntry* e = find_last(key);
    if (!e) return std::nullopt;
    if (!e->value) return true;
    if (auto b = parse_bool(*e->value)) return b;
    throw ConfigError("bad boolean config value '" + *e->value + "' for '" + e->key + "'");
}

std::optional<std::int64_t> Config::get_int(std::string_view key) const {
    const ConfigEntry* e = find_last(key);
    if (!e) return std::nullopt;
    std::int64_t n;
    if (auto err = parse_signed(e->value, INT_MAX, n); err != NumberError::none) bad_number(e->key, e->value, err);
    return n;
}

std::optional<std::int64_t> Config::get_int64(std::string_view key) const {
    const ConfigEntry* e = find_last(key);
    if (!e) return std::nullopt;
    std::int64_t n;
    if (auto err = parse_signed(e->value, INT64_MAX, n); err != NumberError::none) bad_number(e->key, e->value, err);
    return n;
}

std::optional<std::uint64_t> Config::get_ulong(std::string_view key) const {
    const ConfigEntry* e = find_last(key);
    if (!e) return std::nullopt;
    std::uint64_t n;
    if (auto err = parse_unsigned(e->value, ULONG_MAX, n); err != NumberError::none) bad_number(e->key, e->value, err);
    return n;
}

std::optional<std::string> Config::get_path(std::string_view key) const {
    const ConfigEntry* e = find_last(key);
    if (!e) return std::nullopt;
    if (!e->value) throw ConfigError("missing value for '" + e->key + "'");
    auto expanded = expand_user_path(*e->value);
    if (!expanded) throw ConfigError("failed to expand user dir in: '" + *e->value + "'");
    return expanded;
}

std::string Config::canonical_key(std::string_view key) {
    auto last_dot = key.rfind('.');
    if (last_dot == std::string_view::npos || last_dot == 0)
        throw ConfigError("key does not contain a section: " + std::string(key));
    if (last_dot + 1 == key.size())
        throw ConfigError("key does not contain variable name: " + std::string(key));
    std::string out(key);
    bool seen_dot = false;
    for (std::size_t i = 0; i < out.size(); ++i) {
        char c = out[i];
        if (c == '.') seen_dot = true;
        if (!seen_dot || i > last_dot) {
            if (!is_key_char(c) || (i == last_dot + 1 && !is_alpha(c)))
                throw ConfigError("invalid key: " + std::string(key));
            out[i] = lower(c);
        } else if (c == '\n') {
            throw ConfigError("invalid key (newline): " + std::string(key));
        }
    }
    return out;
}

}  // namespace grit
