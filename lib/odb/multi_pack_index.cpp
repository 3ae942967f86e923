#include "odb/multi_pack_index.h"

#include <algorithm>
#include <cstring>

#include <fmt/format.h>

#include "odb/sorted_oid_table.h"
#include "util/big_endian.h"

namespace grit {

namespace {

constexpr std::uint32_t midx_signature = 0x4d494458;  // "MIDX"
constexpr std::size_t header_size = 12;
constexpr std::size_t toc_entry_size = 12;
constexpr std::uint32_t large_offset_needed = 0x80000000u;

constexpr std::uint32_t chunk_id(const char (&name)[5]) {
    return (std::uint32_t(std::uint8_t(name[0])) << 24) | (std::uint32_t(std::uint8_t(name[1])) << 16) |
           (std::uint32_t(std::uint8_t(name[2])) << 8) | std::uint32_t(std::uint8_t(name[3]));
}

struct Chunk {
    std::uint32_t id = 0;
    const std::uint8_t* data = nullptr;
    std::uint64_t size = 0;
};

// The chunk table: every chunk lies between the table and the trailing
// checksum, offsets never go backwards, ids are unique and the list ends with
// a zero id. git reports a bad table as an error and ignores the file.
std::vector<Chunk> read_chunk_table(const MappedFile& file, std::size_t chunk_count, std::size_t trailer,
                                    const std::string& path) {
    const std::uint8_t* toc = file.data() + header_size;
    if (header_size + (chunk_count + 1) * toc_entry_size > file.size() - trailer)
        throw MidxUnusable(fmt::format("multi-pack-index file {} is too small", path));
    const std::uint64_t end = file.size() - trailer;
    std::vector<Chunk> chunks;
    for (std::size_t i = 0; i < chunk_count; ++i, toc += toc_entry_size) {
        std::uint32_t id = load_be32(toc);
        std::uint64_t offset = load_be64(toc + 4);
        std::uint64_t next = load_be64(toc + toc_entry_size + 4);
        if (id == 0) throw MidxUnusable("terminating chunk id appears earlier than expected");
        if (next < offset || next > end || offset < header_size)
            throw MidxUnusable(fmt::format("improper chunk offset(s) {:x} and {:x}", offset, next));
        for (const Chunk& c : chunks)
            if (c.id == id) throw MidxUnusable(fmt::format("duplicate chunk ID {:x} found", id));
        chunks.push_back({id, file.data() + offset, next - offset});
    }
    if (std::uint32_t last = load_be32(toc); last != 0)
        throw MidxUnusable(fmt::format("final chunk has non-zero id {:x}", last));
    return chunks;
}

const Chunk* find_chunk(const std::vector<Chunk>& chunks, std::uint32_t id) {
    for (const Chunk& c : chunks)
        if (c.id == id) return &c;
    return nullptr;
}

const Chunk& required_chunk(const std::vector<Chunk>& chunks, std::uint32_t id, const char* what) {
    const Chunk* c = find_chunk(chunks, id);
    if (!c) throw CorruptData(fmt::format("multi-pack-index missing required {} chunk", what));
    return *c;
}

std::string_view without_pack_extension(std::string_view name) {
    for (std::string_view ext : {".idx", ".pack"})
        if (name.size() > ext.size() && name.substr(name.size() - ext.size()) == ext)
            return name.substr(0, name.size() - ext.size());
    return name;
}

}  // namespace

MultiPackIndex::MultiPackIndex(const std::string& path, HashAlgo algo)
    : path_(path), file_(path), algo_(algo) {
    const std::size_t hsz = hash_size(algo);
    if (file_.size() < header_size + hsz)
        throw MidxUnusable(fmt::format("multi-pack-index file {} is too small", path));
    const std::uint8_t* p = file_.data();
    if (std::uint32_t sig = load_be32(p); sig != midx_signature)
        throw CorruptData(fmt::format("multi-pack-index signature 0x{:08x} does not match signature 0x{:08x}",
                                      sig, midx_signature));
    if (p[4] != 1) throw CorruptData(fmt::format("multi-pack-index version {} not recognized", p[4]));
    const unsigned expected_hash = algo == HashAlgo::sha1 ? 1 : 2;
    if (p[5] != expected_hash)
        throw MidxUnusable(
            fmt::format("multi-pack-index hash version {} does not match version {}", p[5], expected_hash));
    const std::uint32_t pack_count = load_be32(p + 8);

    const std::vector<Chunk> chunks = read_chunk_table(file_, p[6], hsz, path);
    const Chunk& names = required_chunk(chunks, chunk_id("PNAM"), "pack-name");
    const Chunk& fanout = required_chunk(chunks, chunk_id("OIDF"), "OID fanout");
    const Chunk& oids = required_chunk(chunks, chunk_id("OIDL"), "OID lookup");
    const Chunk& offsets = required_chunk(chunks, chunk_id("OOFF"), "object offsets");

    if (fanout.size != 256 * 4) throw CorruptData("multi-pack-index OID fanout is of the wrong size");
    fanout_ = fanout.data;
    for (int i = 0; i < 255; ++i) {
        std::uint32_t a = load_be32(fanout_ + 4 * i), b = load_be32(fanout_ + 4 * (i + 1));
        if (a > b)
            throw CorruptData(
                fmt::format("oid fanout out of order: fanout[{}] = {:x} > {:x} = fanout[{}]", i, a, b, i + 1));
    }
    count_ = load_be32(fanout_ + 255 * 4);
    if (oids.size != std::uint64_t{count_} * hsz)
        throw CorruptData("multi-pack-index OID lookup chunk is the wrong size");
    oids_ = oids.data;
    if (offsets.size != std::uint64_t{count_} * 8)
        throw CorruptData("multi-pack-index object offset chunk is the wrong size");
    offsets_ = offsets.data;

    if (const Chunk* large = find_chunk(chunks, chunk_id("LOFF"))) {
        large_offsets_ = large->data;
        large_offsets_count_ = large->size / 8;
    }
    if (const Chunk* ridx = find_chunk(chunks, chunk_id("RIDX")); ridx && ridx->size == std::uint64_t{count_} * 4)
        ridx_ = ridx->data;
    if (const Chunk* btmp = find_chunk(chunks, chunk_id("BTMP"));
        btmp && btmp->size == std::uint64_t{pack_count} * 8)
        btmp_ = btmp->data;

    const char* name = reinterpret_cast<const char*>(names.data);
    const char* names_end = name + names.size;
    pack_names_.reserve(std::min<std::uint64_t>(pack_count, names.size));
    for (std::uint32_t i = 0; i < pack_count; ++i) {
        const void* nul = std::memchr(name, '\0', names_end - name);
        if (!nul) throw CorruptData("multi-pack-index pack-name chunk is too short");
        std::string_view current(name, static_cast<const char*>(nul) - name);
        if (i > 0 && current <= pack_names_.back())
            throw CorruptData(fmt::format("multi-pack-index pack names out of order: '{}' before '{}'",
                                          pack_names_.back(), current));
        pack_names_.push_back(current);
        name = static_cast<const char*>(nul) + 1;
    }
}

std::optional<std::uint32_t> MultiPackIndex::pack_int_id(std::string_view idx_or_pack_name) const {
    std::string_view want = without_pack_extension(idx_or_pack_name);
    auto it = std::lower_bound(pack_names_.begin(), pack_names_.end(), want,
                               [](std::string_view have, std::string_view w) {
                                   return without_pack_extension(have) < w;
                               });
    if (it == pack_names_.end() || without_pack_extension(*it) != want) return std::nullopt;
    return static_cast<std::uint32_t>(it - pack_names_.begin());
}

const std::uint8_t* MultiPackIndex::oid_bytes(std::uint32_t pos) const {
    return oids_ + std::size_t{pos} * hash_size(algo_);
}

MultiPackIndex::Location MultiPackIndex::location_at(std::uint32_t pos) const {
    const std::uint8_t* entry = offsets_ + std::size_t{pos} * 8;
    Location loc;
    loc.pack_int_id = load_be32(entry);
    if (loc.pack_int_id >= pack_count())
        throw CorruptData(fmt::format("bad pack-int-id: {} ({} total packs)", loc.pack_int_id, pack_count()));
    std::uint32_t offset32 = load_be32(entry + 4);
    if (large_offsets_ && (offset32 & large_offset_needed)) {
        std::uint32_t i = offset32 & ~large_offset_needed;
        if (i >= large_offsets_count_) throw CorruptData("multi-pack-index large offset out of bounds");
        loc.offset = load_be64(large_offsets_ + std::size_t{i} * 8);
    } else {
        loc.offset = offset32;
    }
    return loc;
}

std::uint32_t MultiPackIndex::fanout(std::uint8_t b) const { return load_be32(fanout_ + 4 * b); }

std::optional<std::uint32_t> MultiPackIndex::find_pos(const ObjectId& id) const { return find_sorted_oid(*this, id); }

std::optional<MultiPackIndex::Location> MultiPackIndex::find(const ObjectId& id) const {
    auto pos = find_pos(id);
    if (!pos) return std::nullopt;
    return location_at(*pos);
}

std::pair<std::uint32_t, std::uint32_t> MultiPackIndex::prefix_range(const std::uint8_t* prefix,
                                                                     std::size_t nibbles) const {
    return sorted_oid_prefix_range(*this, prefix, nibbles);
}

std::uint32_t MultiPackIndex::pseudo_pack_order_to_pos(std::uint32_t i) const {
    std::uint32_t pos = load_be32(ridx_ + std::size_t{i} * 4);
    if (pos >= count_) throw CorruptData("multi-pack-index reverse-index entry out of range");
    return pos;
}

std::pair<std::uint32_t, std::uint32_t> MultiPackIndex::bitmapped_pack(std::uint32_t pack_int_id) const {
    const std::uint8_t* entry = btmp_ + std::size_t{pack_int_id} * 8;
    return {load_be32(entry), load_be32(entry + 4)};
}

ObjectId MultiPackIndex::checksum() const {
    return ObjectId::from_raw(file_.data() + file_.size() - hash_size(algo_), algo_);
}

}  // namespace grit
