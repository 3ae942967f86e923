#include "fsck/cache_tree.h"

#include <cstring>

#include "util/big_endian.h"
#include "util/error.h"
#include "util/mapped_file.h"

namespace grit {

namespace {

// Where the entries of a version 2-4 index end, or 0 when malformed.
std::size_t skip_entries(const std::uint8_t* p, std::size_t size, std::uint32_t version, std::uint32_t count,
                         std::size_t raw) {
    std::size_t pos = 12;
    const std::size_t fixed = 40 + raw + 2;  // stat data, id, flags
    for (std::uint32_t i = 0; i < count; ++i) {
        if (pos + fixed > size) return 0;
        std::uint16_t flags = static_cast<std::uint16_t>((p[pos + 40 + raw] << 8) | p[pos + 41 + raw]);
        std::size_t name = pos + fixed + ((flags & 0x4000) && version >= 3 ? 2 : 0);
        if (version == 4) {
            // a varint (bytes to drop from the previous name), then the NUL-terminated rest
            while (name < size && (p[name] & 0x80)) ++name;
            ++name;
            const void* nul = name < size ? std::memchr(p + name, 0, size - name) : nullptr;
            if (!nul) return 0;
            pos = static_cast<std::size_t>(static_cast<const std::uint8_t*>(nul) - p) + 1;
        } else {
            const void* nul = name < size ? std::memchr(p + name, 0, size - name) : nullptr;
            if (!nul) return 0;
            std::size_t len = static_cast<std::size_t>(static_cast<const std::uint8_t*>(nul) - (p + name));
            pos += ((name - pos) + len + 8) & ~std::size_t{7};
        }
    }
    return pos;
}

bool parse_number(const char*& s, const char* end, long& out) {
    bool neg = false;
    if (s < end && *s == '-') { neg = true; ++s; }
    if (s >= end || *s < '0' || *s > '9') return false;
    long v = 0;
    while (s < end && *s >= '0' && *s <= '9') v = v * 10 + (*s++ - '0');
    out = neg ? -v : v;
    return true;
}

}  // namespace

std::vector<CacheTreeNode> read_cache_tree(const std::string& index_path, HashAlgo algo) {
    std::vector<CacheTreeNode> nodes;
    MappedFile file;
    try {
        file = MappedFile(index_path);
    } catch (const Error&) {
        return nodes;
    }
    const std::uint8_t* p = file.data();
    const std::size_t raw = hash_size(algo);
    if (file.size() < 12 + raw || std::memcmp(p, "DIRC", 4) != 0) return nodes;
    const std::uint32_t version = load_be32(p + 4), count = load_be32(p + 8);
    std::size_t pos = skip_entries(p, file.size() - raw, version, count, raw);
    if (!pos) return nodes;
    const std::size_t end = file.size() - raw;
    while (pos + 8 <= end) {
        std::uint32_t len = load_be32(p + pos + 4);
        if (pos + 8 + len > end) break;
        if (std::memcmp(p + pos, "TREE", 4) == 0) {
            const char* s = reinterpret_cast<const char*>(p + pos + 8);
            const char* stop = s + len;
            while (s < stop) {
                const void* nul = std::memchr(s, 0, static_cast<std::size_t>(stop - s));
                if (!nul) return {};
                std::string name(s, static_cast<const char*>(nul));
                s = static_cast<const char*>(nul) + 1;
                long entries = 0, subtrees = 0;
                if (!parse_number(s, stop, entries) || s >= stop || *s++ != ' ' ||
                    !parse_number(s, stop, subtrees) || s >= stop || *s++ != '\n' || subtrees < 0)
                    return {};
                CacheTreeNode n;
                n.subtrees = static_cast<std::uint32_t>(subtrees);
                n.name = std::move(name);
                if (entries >= 0) {
                    if (static_cast<std::size_t>(stop - s) < raw) return {};
                    n.oid = ObjectId::from_raw(s, algo);
                    n.valid = true;
                    s += raw;
                }
                nodes.push_back(n);
            }
            return nodes;
        }
        pos += 8 + len;
    }
    return nodes;
}

}  // namespace grit
