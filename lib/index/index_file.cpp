#include "index/index_file.h"

#include <algorithm>
#include <cstdio>

#include "util/error.h"
#include "util/mapped_file.h"

namespace grit {

namespace {

// Fixed part of an entry before the object id: ctime, mtime (seconds and
// nanoseconds each), dev, ino, mode, uid, gid, size, all 32-bit.
constexpr std::size_t kStatBytes = 40;
constexpr std::size_t kModeOffset = 24;
constexpr std::uint16_t kExtendedFlag = 0x4000;
constexpr std::uint16_t kStageMask = 0x3000;

[[noreturn]] void corrupt() { throw CorruptData("index file corrupt"); }

std::uint32_t be32(const std::uint8_t* p) {
    return std::uint32_t(p[0]) << 24 | std::uint32_t(p[1]) << 16 | std::uint32_t(p[2]) << 8 | p[3];
}
std::uint16_t be16(const std::uint8_t* p) { return static_cast<std::uint16_t>(p[0] << 8 | p[1]); }

// Version 4's prefix length: git's "offset" varint (each continuation adds one).
std::uint64_t read_varint(const std::uint8_t*& p, const std::uint8_t* end) {
    if (p >= end) corrupt();
    std::uint8_t byte = *p++;
    std::uint64_t value = byte & 0x7f;
    while (byte & 0x80) {
        if (p >= end || value > (std::uint64_t(1) << 56)) corrupt();
        byte = *p++;
        value = ((value + 1) << 7) | (byte & 0x7f);
    }
    return value;
}

}  // namespace

std::optional<IndexFile> IndexFile::read(const std::string& path, HashAlgo algo) {
    MappedFile file;
    try {
        file = MappedFile(path);
    } catch (const NotFound&) {
        return std::nullopt;
    }
    const std::uint8_t* data = file.data();
    const std::size_t size = file.size();
    const std::size_t hsz = hash_size(algo);
    if (size < 12 + hsz) throw CorruptData(path + ": index file smaller than expected");
    if (std::string_view(reinterpret_cast<const char*>(data), 4) != "DIRC") {
        char signature[32];
        std::snprintf(signature, sizeof signature, "bad signature 0x%08x", be32(data));
        CorruptData error("index file corrupt");
        error.error_lines.push_back(signature);
        throw error;
    }
    std::uint32_t version = be32(data + 4);
    if (version < 2 || version > 4) {
        CorruptData error("index file corrupt");
        error.error_lines.push_back("bad index version " + std::to_string(version));
        throw error;
    }
    std::uint32_t count = be32(data + 8);

    IndexFile index;
    index.entries_.reserve(count);
    const std::uint8_t* p = data + 12;
    const std::uint8_t* end = data + size - hsz;
    std::string previous;
    for (std::uint32_t i = 0; i < count; ++i) {
        const std::uint8_t* entry = p;
        if (static_cast<std::size_t>(end - p) < kStatBytes + hsz + 2) corrupt();
        IndexEntry e;
        e.mode = be32(p + kModeOffset);
        e.oid = ObjectId::from_raw(p + kStatBytes, algo);
        std::uint16_t flags = be16(p + kStatBytes + hsz);
        e.stage = (flags & kStageMask) >> 12;
        p += kStatBytes + hsz + 2;
        if (flags & kExtendedFlag) {
            if (version < 3 || end - p < 2) corrupt();
            p += 2;
        }
        if (version == 4) {
            std::uint64_t strip = read_varint(p, end);
            if (strip > previous.size()) corrupt();
            auto nul = std::find(p, end, 0);
            if (nul == end) corrupt();
            e.path = previous.substr(0, previous.size() - strip);
            e.path.append(reinterpret_cast<const char*>(p), static_cast<std::size_t>(nul - p));
            p = nul + 1;
            previous = e.path;
        } else {
            auto nul = std::find(p, end, 0);
            if (nul == end) corrupt();
            e.path.assign(reinterpret_cast<const char*>(p), static_cast<std::size_t>(nul - p));
            // Entries are padded with NULs to a multiple of 8 bytes.
            std::size_t length = static_cast<std::size_t>(nul - entry);
            std::size_t padded = (length + 8) & ~std::size_t(7);
            if (static_cast<std::size_t>(end - entry) < padded) corrupt();
            p = entry + padded;
        }
        index.entries_.push_back(std::move(e));
    }
    // Extensions: "<signature><32-bit size><data>" up to the checksum.
    while (end - p >= 8) {
        std::uint32_t ext_size = be32(p + 4);
        if (static_cast<std::size_t>(end - p - 8) < ext_size) break;
        if (std::string_view(reinterpret_cast<const char*>(p), 4) == "TREE")
            index.read_cache_tree(std::string_view(reinterpret_cast<const char*>(p + 8), ext_size), algo);
        p += 8 + ext_size;
    }
    return index;
}

// Each node: "<name>\0<entry count> <subtree count>\n", then the tree id
// when the count is not negative (a valid node), then its subtrees.
void IndexFile::read_cache_tree(std::string_view data, HashAlgo algo) {
    struct Level {
        std::string path;
        long remaining;
    };
    std::vector<Level> stack;
    std::vector<IndexTreeNode> nodes;
    const std::size_t hsz = hash_size(algo);
    while (!data.empty()) {
        auto nul = data.find('\0');
        auto nl = data.find('\n', nul);
        if (nul == std::string_view::npos || nl == std::string_view::npos) return;
        std::string_view name = data.substr(0, nul);
        std::string counts(data.substr(nul + 1, nl - nul - 1));
        long entry_count = 0, subtrees = 0;
        if (std::sscanf(counts.c_str(), "%ld %ld", &entry_count, &subtrees) != 2 || subtrees < 0) return;
        data.remove_prefix(nl + 1);
        while (!stack.empty() && stack.back().remaining == 0) stack.pop_back();
        std::string path;
        if (!stack.empty()) {
            --stack.back().remaining;
            path = stack.back().path.empty() ? std::string(name) : stack.back().path + "/" + std::string(name);
        }
        if (entry_count >= 0) {
            if (data.size() < hsz) return;
            nodes.push_back(IndexTreeNode{path, ObjectId::from_raw(data.data(), algo)});
            data.remove_prefix(hsz);
        }
        stack.push_back(Level{path, subtrees});
    }
    cache_tree_ = std::move(nodes);
}

const IndexEntry* IndexFile::find(std::string_view path) const {
    auto it = std::lower_bound(entries_.begin(), entries_.end(), path,
                               [](const IndexEntry& e, std::string_view p) { return e.path < p; });
    return it != entries_.end() && it->path == path ? &*it : nullptr;
}

const IndexEntry* IndexFile::find(std::string_view path, int stage) const {
    auto it = std::lower_bound(entries_.begin(), entries_.end(), path,
                               [](const IndexEntry& e, std::string_view p) { return e.path < p; });
    for (; it != entries_.end() && it->path == path; ++it)
        if (it->stage == stage) return &*it;
    return nullptr;
}

}  // namespace grit
