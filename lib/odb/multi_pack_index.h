#pragma once
// A memory-mapped multi-pack-index (objects/pack/multi-pack-index), version 1,
// without base layers. Positions are in hash order, 0..object_count()-1; pack
// int ids index pack_names(), which are sorted ".idx" names ("pack-<hex>.idx").
//
// Every chunk offset and size is checked against the file when it is opened,
// so later accessors never read outside the mapping; a bad file throws
// CorruptData (or MidxUnusable, see below), it never crashes.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "hash/object_id.h"
#include "util/error.h"
#include "util/mapped_file.h"

namespace grit {

// A multi-pack-index git reports with "error: <message>" and then ignores,
// reading the packs directly (too small, hash version mismatch, bad chunk
// table). Every other CorruptData from this file is fatal in git.
class MidxUnusable : public CorruptData {
    using CorruptData::CorruptData;
};

class MultiPackIndex {
public:
    struct Location {
        std::uint32_t pack_int_id = 0;
        std::uint64_t offset = 0;
    };

    // Throws NotFound when the file does not exist, MidxUnusable / CorruptData
    // with git's messages when it is malformed.
    MultiPackIndex(const std::string& path, HashAlgo algo);

    const std::string& path() const { return path_; }
    HashAlgo algo() const { return algo_; }

    std::uint32_t pack_count() const { return static_cast<std::uint32_t>(pack_names_.size()); }
    // ".idx" names in pack int id order (strictly increasing byte order).
    const std::vector<std::string_view>& pack_names() const { return pack_names_; }
    // The pack int id of a pack named by its ".idx" or ".pack" file name.
    std::optional<std::uint32_t> pack_int_id(std::string_view idx_or_pack_name) const;

    std::uint32_t object_count() const { return count_; }
    const std::uint8_t* oid_bytes(std::uint32_t pos) const;
    ObjectId oid_at(std::uint32_t pos) const { return ObjectId::from_raw(oid_bytes(pos), algo_); }
    // Throws CorruptData("bad pack-int-id: ...") / large offset out of bounds.
    Location location_at(std::uint32_t pos) const;
    std::optional<std::uint32_t> find_pos(const ObjectId& id) const;
    std::optional<Location> find(const ObjectId& id) const;
    // [first, last) positions whose ids start with the given raw prefix of
    // `nibbles` hex digits (an odd count compares the high nibble of the last byte).
    std::pair<std::uint32_t, std::uint32_t> prefix_range(const std::uint8_t* prefix, std::size_t nibbles) const;
    // The fan-out entry: objects whose first byte is <= b.
    std::uint32_t fanout(std::uint8_t b) const;

    // The RIDX chunk: midx positions in pseudo-pack order (packs by int id,
    // preferred pack first, each in pack offset order), for bitmaps.
    bool has_reverse_index() const { return ridx_ != nullptr; }
    std::uint32_t pseudo_pack_order_to_pos(std::uint32_t i) const;
    // The BTMP chunk (per pack: first bitmap position, object count), if present.
    bool has_bitmapped_packs() const { return btmp_ != nullptr; }
    std::pair<std::uint32_t, std::uint32_t> bitmapped_pack(std::uint32_t pack_int_id) const;

    ObjectId checksum() const;  // trailer: checksum of everything before it
    const MappedFile& file() const { return file_; }

private:
    std::string path_;
    MappedFile file_;
    HashAlgo algo_;
    std::uint32_t count_ = 0;
    std::vector<std::string_view> pack_names_;
    const std::uint8_t* fanout_ = nullptr;
    const std::uint8_t* oids_ = nullptr;
    const std::uint8_t* offsets_ = nullptr;
    const std::uint8_t* large_offsets_ = nullptr;
    std::uint64_t large_offsets_count_ = 0;
    const std::uint8_t* ridx_ = nullptr;
    const std::uint8_t* btmp_ = nullptr;
};

}  // namespace grit
