#pragma once
// Verifying a pack and its index the way `git index-pack --verify` does (and
// so `git verify-pack` and, later, fsck): the pack is read front to back,
// every entry inflated and its CRC32 computed, every object hashed (deltas
// after applying them to their bases), the pack checksum checked, and the
// .idx that the pack implies compared byte for byte with the existing one.
//
// Failures throw CorruptData (or IoError) whose message and error_lines are
// git's ("pack has bad object at offset 188: inflate returned -3" after
// "inflate: data stream error (incorrect data check)", "early EOF", "pack is
// corrupted (SHA1 mismatch)", "sha1 file 'x.idx' validation error", ...).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "hash/object_id.h"
#include "object/object_type.h"
#include "odb/pack_index.h"
#include "util/mapped_file.h"

namespace grit {

struct PackedObjectRecord {
    ObjectId id;
    ObjectType type = ObjectType::none;         // resolved: never a delta type
    ObjectType stored_type = ObjectType::none;  // as in the entry header
    std::uint64_t size = 0;       // from the entry header: a delta's own size for deltas
    std::uint64_t offset = 0;
    std::uint64_t disk_size = 0;  // header and compressed data
    std::uint32_t crc32 = 0;
    std::uint32_t depth = 0;                 // delta chain length, 0 for whole objects
    std::optional<std::uint32_t> base;       // the immediate base's index in PackScan::objects
};

struct PackScan {
    std::vector<PackedObjectRecord> objects;  // in pack order
    ObjectId pack_checksum;
    std::uint32_t delta_count = 0;
    std::uint32_t deepest_chain = 0;
};

class PackVerifier {
public:
    // pack_path names the ".pack"; the ".idx" beside it is opened first, as
    // git does: "Cannot open existing pack file '<idx>'" when the pack is
    // missing, "Cannot open existing pack idx file for '<idx>'" (after the
    // index's own error line) when the index is missing or malformed.
    PackVerifier(std::string pack_path, HashAlgo algo);

    const std::string& pack_path() const { return pack_path_; }
    const std::string& index_path() const { return index_path_; }

    // Reads and checks the whole pack; the index is not consulted.
    PackScan scan();
    // Compares the index the scanned pack implies (same version, same
    // offsets stored in the 64-bit table) with the existing one.
    void check_index(const PackScan& scan) const;
    // Compares the ".rev" beside the pack, when there is one, with the one
    // the scanned pack implies (git does when pack.writeReverseIndex is set).
    void check_reverse_index(const PackScan& scan) const;

private:
    std::string pack_path_;
    std::string index_path_;
    HashAlgo algo_;
    std::optional<PackIndex> index_;
    // Offsets the existing index stores in its 64-bit table though they are small.
    std::vector<std::uint64_t> anomalies_;
};

}  // namespace grit
