#include "repo/default_config.h"

#include <algorithm>
#include <array>
#include <string_view>

#include "util/error.h"

namespace grit {
namespace {

constexpr std::array<std::string_view, 15> kBooleans = {
    "core.filemode",         "core.ignorecase",    "core.bare",          "core.ignorestat",
    "core.quotepath",        "core.symlinks",      "core.trustctime",    "core.fsyncobjectfiles",
    "core.preloadindex",     "core.precomposeunicode", "core.protecthfs", "core.protectntfs",
    "core.sparsecheckout",   "core.sparsecheckoutcone", "core.warnambiguousrefs",
};
constexpr std::array<std::string_view, 5> kSizes = {
    "core.deltabasecachelimit", "core.packedgitwindowsize", "core.packedgitlimit", "core.bigfilethreshold",
    "pack.packsizelimit",
};
// Settings git copies as strings: present without a value is an error.
constexpr std::array<std::string_view, 9> kStrings = {
    "user.name",  "user.email",          "core.editor",          "core.askpass",   "core.notesref",
    "core.pager", "i18n.commitencoding", "i18n.logoutputencoding", "core.whitespace",
};
// Booleans that also accept one word.
constexpr std::array<std::pair<std::string_view, std::string_view>, 3> kBooleansOrWord = {{
    {"core.logallrefupdates", "always"}, {"core.autocrlf", "input"}, {"core.safecrlf", "warn"}}};

template <std::size_t N>
bool listed(const std::array<std::string_view, N>& list, std::string_view key) {
    return std::find(list.begin(), list.end(), key) != list.end();
}

// git's message when its callback rejects a value.
[[noreturn]] void reject(const ConfigEntry& e, std::string error) {
    ConfigError err(e.scope == ConfigScope::command
                        ? "unable to parse '" + e.key + "' from command-line config"
                        : "bad config variable '" + e.key + "' in file '" + e.origin + "' at line " +
                              std::to_string(e.line));
    err.error_lines.push_back(std::move(error));
    throw err;
}

Config single(const ConfigEntry& e) {
    Config c;
    c.add(e.key, e.value, e.scope, e.origin);
    return c;
}

void check_entry(const ConfigEntry& e, HashAlgo algo) {
    const std::string& k = e.key;
    if (listed(kBooleans, k)) {
        single(e).get_bool(k);
    } else if (listed(kSizes, k)) {
        single(e).get_ulong(k);
    } else if (listed(kStrings, k)) {
        if (!e.value) reject(e, "missing value for '" + k + "'");
    } else if (k == "core.compression" || k == "core.loosecompression") {
        auto level = *single(e).get_int(k);
        if (level == -1) return;
        if (level < 0 || level > 9) throw ConfigError("bad zlib compression level " + std::to_string(level));
    } else if (k == "core.abbrev") {
        if (!e.value) reject(e, "missing value for '" + k + "'");
        if (*e.value == "auto") return;
        if (auto b = Config::parse_bool(*e.value); b && !*b && e.value->find_first_of("0123456789") == std::string::npos)
            return;
        auto n = *single(e).get_int(k);
        if (n < 4 || n > static_cast<std::int64_t>(hex_size(algo)))
            reject(e, "abbrev length out of range: " + std::to_string(n));
    } else {
        for (const auto& [key, word] : kBooleansOrWord) {
            if (k != key) continue;
            if (e.value && *e.value == word) return;
            single(e).get_bool(k);
        }
    }
}

}  // namespace

void check_default_config(const Config& config, HashAlgo algo) {
    for (const auto& e : config.entries()) check_entry(e, algo);
}

}  // namespace grit
