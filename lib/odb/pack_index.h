#pragma once
// A memory-mapped pack index (.idx), version 1 or 2 (with 64-bit offsets).
// Positions are in hash order, 0..count()-1.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "hash/object_id.h"
#include "util/mapped_file.h"

namespace grit {

class PackIndex {
public:
    // Validates size, header, fan-out monotonicity and the 64-bit offset table
    // bounds; throws CorruptData with git's messages ("index file %s is too
    // small", "non-monotonic index %s", "index file %s is version %u and is
    // not supported by this binary"...).
    PackIndex(const std::string& path, HashAlgo algo);

    const std::string& path() const { return path_; }
    std::uint32_t version() const { return version_; }
    std::uint32_t count() const { return count_; }
    HashAlgo algo() const { return algo_; }

    const std::uint8_t* oid_bytes(std::uint32_t pos) const;
    ObjectId oid_at(std::uint32_t pos) const { return ObjectId::from_raw(oid_bytes(pos), algo_); }
    std::uint64_t offset_at(std::uint32_t pos) const;
    // nullopt for version 1 indexes, which carry no CRC32.
    std::optional<std::uint32_t> crc32_at(std::uint32_t pos) const;
    std::optional<std::uint32_t> find(const ObjectId& id) const;
    // [first, last) positions whose ids start with the given raw prefix of
    // `nibbles` hex digits (an odd count compares the high nibble of the last byte).
    std::pair<std::uint32_t, std::uint32_t> prefix_range(const std::uint8_t* prefix, std::size_t nibbles) const;
    // The fan-out entry: objects whose first byte is <= b.
    std::uint32_t fanout(std::uint8_t b) const;

    ObjectId pack_checksum() const;   // trailer: checksum of the .pack
    ObjectId index_checksum() const;  // trailer: checksum of the .idx itself
    const MappedFile& file() const { return file_; }

private:
    std::string path_;
    MappedFile file_;
    HashAlgo algo_;
    std::uint32_t version_ = 0, count_ = 0;
    const std::uint8_t* fanout_ = nullptr;
    const std::uint8_t* oids_ = nullptr;
    const std::uint8_t* crcs_ = nullptr;
    const std::uint8_t* offsets32_ = nullptr;
    const std::uint8_t* offsets64_ = nullptr;
    std::uint32_t offsets64_count_ = 0;
};

}  // namespace grit
