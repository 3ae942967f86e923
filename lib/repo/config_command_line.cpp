// Configuration from the command line: -c (carried in GIT_CONFIG_PARAMETERS)
// and GIT_CONFIG_COUNT / GIT_CONFIG_KEY_<n> / GIT_CONFIG_VALUE_<n>.
#include <cerrno>
#include <climits>
#include <cstdlib>

#include "repo/config.h"
#include "util/error.h"

namespace grit {
namespace {

constexpr const char* kOrigin = "command line";

[[noreturn]] void command_line_error(std::string line) {
    ConfigError err("unable to parse command-line config");
    err.error_lines.push_back(std::move(line));
    throw err;
}

std::string command_line_key(std::string_view key) {
    if (key.empty()) command_line_error("empty config key");
    try {
        return Config::canonical_key(key);
    } catch (const ConfigError& e) {
        command_line_error(e.what());
    }
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// One single-quoted token of `sh` syntax, where a quote or '!' inside is
// written as '\'' or '\!'. Advances pos past it; nullopt when malformed.
std::optional<std::string> dequote_step(std::string_view s, std::size_t& pos) {
    if (pos >= s.size() || s[pos] != '\'') return std::nullopt;
    std::string out;
    std::size_t i = pos + 1;
    for (;;) {
        if (i >= s.size()) return std::nullopt;
        char c = s[i++];
        if (c != '\'') {
            out += c;
            continue;
        }
        if (i + 2 < s.size() && s[i] == '\\' && (s[i + 1] == '\'' || s[i + 1] == '!') && s[i + 2] == '\'') {
            out += s[i + 1];
            i += 3;
            continue;
        }
        pos = i;
        return out;
    }
}

}  // namespace

void Config::add_parameter(std::string_view key_eq_value) {
    auto eq = key_eq_value.find('=');
    std::string_view key = key_eq_value.substr(0, eq);
    std::optional<std::string> value;
    if (eq != std::string_view::npos) value = std::string(key_eq_value.substr(eq + 1));
    add(command_line_key(key), std::move(value), ConfigScope::command, kOrigin);
}

void Config::add_command_line() {
    if (const char* count_env = std::getenv("GIT_CONFIG_COUNT")) {
        errno = 0;
        char* end = nullptr;
        unsigned long count = std::strtoul(count_env, &end, 10);
        if (*end) command_line_error("bogus count in GIT_CONFIG_COUNT");
        if (count > INT_MAX) command_line_error("too many entries in GIT_CONFIG_COUNT");
        for (unsigned long i = 0; i < count; ++i) {
            std::string key_var = "GIT_CONFIG_KEY_" + std::to_string(i);
            std::string value_var = "GIT_CONFIG_VALUE_" + std::to_string(i);
            const char* key = std::getenv(key_var.c_str());
            if (!key) command_line_error("missing config key " + key_var);
            const char* value = std::getenv(value_var.c_str());
            if (!value) command_line_error("missing config value " + value_var);
            add(command_line_key(key), std::string(value), ConfigScope::command, kOrigin);
        }
    }

    const char* params_env = std::getenv("GIT_CONFIG_PARAMETERS");
    if (!params_env) return;
    std::string_view params = params_env;
    std::size_t pos = 0;
    for (;;) {
        while (pos < params.size() && is_space(params[pos])) ++pos;
        if (pos >= params.size()) break;
        auto first = dequote_step(params, pos);
        if (!first) command_line_error("bogus format in GIT_CONFIG_PARAMETERS");
        if (pos >= params.size() || is_space(params[pos])) {
            add_parameter(*first);  // the old 'key=value' form
            continue;
        }
        if (params[pos] != '=') command_line_error("bogus format in GIT_CONFIG_PARAMETERS");
        ++pos;
        std::optional<std::string> value;
        if (pos < params.size() && !is_space(params[pos])) {
            value = dequote_step(params, pos);
            if (!value) command_line_error("bogus format in GIT_CONFIG_PARAMETERS");
            if (pos < params.size() && !is_space(params[pos]))
                command_line_error("bogus format in GIT_CONFIG_PARAMETERS");
        }
        add(command_line_key(*first), std::move(value), ConfigScope::command, kOrigin);
    }
}

}  // namespace grit
