#include "pack/name_hash.h"

namespace grit {

std::uint32_t pack_name_hash(std::string_view path) {
    std::uint32_t hash = 0;
    for (char ch : path) {
        auto c = static_cast<unsigned char>(ch);
        if (c == 0) break;
        // git's isspace: tab, newline, carriage return and space only.
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') continue;
        hash = (hash >> 2) + (static_cast<std::uint32_t>(c) << 24);
    }
    return hash;
}

}  // namespace grit
