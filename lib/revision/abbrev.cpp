#include <algorithm>
#include <string>

#include "odb/object_database.h"
#include "repo/repository.h"
#include "revision/resolve.h"
#include "util/error.h"

namespace grit {

namespace {

constexpr int kMinimumAbbrev = 4;
constexpr int kFallbackAbbrev = 7;

bool equals_ignore_case(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return (x | 0x20) == (y | 0x20);
           });
}

// git's "auto": on the order of 2^bits objects expect a collision at
// 2^(bits/2), and a hex digit holds 4 bits.
int automatic_abbrev_len(Repository& repo) {
    std::uint64_t count = repo.odb().approximate_object_count();
    int bits = 0;
    while (count >>= 1) ++bits;
    int len = (bits + 1 + 1) / 2;
    return std::max(len, kFallbackAbbrev);
}

}  // namespace

int default_abbrev_len(Repository& repo) {
    int hexsz = static_cast<int>(hex_size(repo.hash_algo()));
    auto value = repo.config().get("core.abbrev");
    if (!value || equals_ignore_case(*value, "auto")) return automatic_abbrev_len(repo);
    for (std::string_view word : {"false", "no", "off", ""})
        if (equals_ignore_case(*value, word)) return hexsz;
    auto n = repo.config().get_int("core.abbrev");
    if (!n || *n < kMinimumAbbrev || *n > hexsz)
        throw ConfigError("abbrev length out of range: " + std::to_string(n.value_or(0)));
    return static_cast<int>(*n);
}

std::string abbreviate(Repository& repo, const ObjectId& id, int min_len) {
    std::string hex = id.hex();
    int len = min_len < 0 ? default_abbrev_len(repo) : min_len;
    if (len == 0 || len >= static_cast<int>(hex.size())) return hex;
    std::size_t unique = repo.odb().unique_abbrev_len(id, static_cast<std::size_t>(len));
    return hex.substr(0, std::min(unique, hex.size()));
}

}  // namespace grit
