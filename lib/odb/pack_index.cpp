#include "odb/pack_index.h"

#include <cstring>

#include "odb/sorted_oid_table.h"
#include "util/big_endian.h"
#include "util/error.h"

namespace grit {

namespace {

constexpr std::uint8_t kIdxV2Magic[4] = {0xff, 't', 'O', 'c'};
constexpr std::size_t kFanoutBytes = 256 * 4;

}  // namespace

PackIndex::PackIndex(const std::string& path, HashAlgo algo) : path_(path), file_(path), algo_(algo) {
    const std::size_t hsz = hash_size(algo);
    const std::uint8_t* data = file_.data();
    const std::size_t size = file_.size();
    if (size < kFanoutBytes + 2 * hsz) throw CorruptData("index file " + path + " is too small");

    std::size_t fanout_at = 0;
    if (std::memcmp(data, kIdxV2Magic, 4) == 0) {
        version_ = load_be32(data + 4);
        if (version_ != 2)
            throw CorruptData("index file " + path + " is version " + std::to_string(version_) +
                              " and is not supported by this binary (try upgrading GIT to a newer version)");
        fanout_at = 8;
        if (size < fanout_at + kFanoutBytes + 2 * hsz) throw CorruptData("index file " + path + " is too small");
    } else {
        version_ = 1;
    }
    fanout_ = data + fanout_at;

    std::uint32_t previous = 0;
    for (int i = 0; i < 256; ++i) {
        std::uint32_t n = load_be32(fanout_ + 4 * i);
        if (n < previous) throw CorruptData("non-monotonic index " + path);
        previous = n;
    }
    count_ = previous;
    const std::uint64_t nr = count_;

    if (version_ == 1) {
        if (size != kFanoutBytes + 2 * hsz + nr * (hsz + 4))
            throw CorruptData("wrong index v1 file size in " + path);
        // v1 entries are (4-byte offset, hash) pairs; oids_ points at the first hash.
        offsets32_ = data + kFanoutBytes;
        oids_ = offsets32_ + 4;
        return;
    }

    const std::uint64_t min_size = 8 + kFanoutBytes + nr * (hsz + 4 + 4) + 2 * hsz;
    const std::uint64_t max_size = min_size + (nr ? (nr - 1) * 8 : 0);
    if (size < min_size || size > max_size) throw CorruptData("wrong index v2 file size in " + path);
    oids_ = fanout_ + kFanoutBytes;
    crcs_ = oids_ + nr * hsz;
    offsets32_ = crcs_ + nr * 4;
    offsets64_ = offsets32_ + nr * 4;
    offsets64_count_ = static_cast<std::uint32_t>((size - min_size) / 8);
}

const std::uint8_t* PackIndex::oid_bytes(std::uint32_t pos) const {
    const std::size_t hsz = hash_size(algo_);
    return oids_ + static_cast<std::size_t>(pos) * (version_ == 1 ? hsz + 4 : hsz);
}

std::uint64_t PackIndex::offset_at(std::uint32_t pos) const {
    if (version_ == 1) return load_be32(offsets32_ + static_cast<std::size_t>(pos) * (hash_size(algo_) + 4));
    std::uint32_t off = load_be32(offsets32_ + static_cast<std::size_t>(pos) * 4);
    if (!(off & 0x80000000u)) return off;
    std::uint32_t slot = off & 0x7fffffffu;
    if (slot >= offsets64_count_) throw CorruptData("offset beyond end of pack index for " + path_);
    return load_be64(offsets64_ + static_cast<std::size_t>(slot) * 8);
}

std::optional<std::uint32_t> PackIndex::crc32_at(std::uint32_t pos) const {
    if (version_ == 1) return std::nullopt;
    return load_be32(crcs_ + static_cast<std::size_t>(pos) * 4);
}

std::uint32_t PackIndex::fanout(std::uint8_t b) const { return load_be32(fanout_ + 4 * b); }

std::optional<std::uint32_t> PackIndex::find(const ObjectId& id) const { return find_sorted_oid(*this, id); }

std::pair<std::uint32_t, std::uint32_t> PackIndex::prefix_range(const std::uint8_t* prefix,
                                                                std::size_t nibbles) const {
    return sorted_oid_prefix_range(*this, prefix, nibbles);
}

ObjectId PackIndex::pack_checksum() const {
    return ObjectId::from_raw(file_.data() + file_.size() - 2 * hash_size(algo_), algo_);
}

ObjectId PackIndex::index_checksum() const {
    return ObjectId::from_raw(file_.data() + file_.size() - hash_size(algo_), algo_);
}

}  // namespace grit
