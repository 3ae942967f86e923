#pragma once
// The reverse index of one pack: its objects in pack (offset) order, mapped
// to and from their positions in the pack's .idx (hash order). Read from the
// "<pack>.rev" file when there is one, otherwise built by sorting the idx
// offsets, as git does.
//
// The index does not own the .idx: offsets are read through `OffsetAt`
// (typically `[&idx](std::uint32_t pos) { return idx.offset_at(pos); }`),
// which must stay valid as long as the ReverseIndex.
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "hash/object_id.h"
#include "util/mapped_file.h"

namespace grit {

class ReverseIndex {
public:
    using OffsetAt = std::function<std::uint64_t(std::uint32_t index_pos)>;

    // Sorts the `count` offsets of the idx. pack_size is the .pack's size in
    // bytes (its trailing checksum ends the last entry).
    static ReverseIndex build(std::uint32_t count, const OffsetAt& offset_at, std::uint64_t pack_size,
                              HashAlgo algo);
    // Maps and validates rev_path: nullopt when the file does not exist;
    // CorruptData with git's text ("reverse-index file %s is too small",
    // "... is corrupt", "... has unknown signature", "... has unsupported
    // version %u", "... has unsupported hash id %u") when it is malformed.
    // git reports those as "error: ..." and falls back to build().
    static std::optional<ReverseIndex> read(const std::string& rev_path, std::uint32_t count,
                                            OffsetAt offset_at, std::uint64_t pack_size, HashAlgo algo);

    std::uint32_t count() const { return count_; }
    bool from_file() const { return rev_ != nullptr; }

    // The idx position of the i-th object in pack order. Throws CorruptData
    // when a .rev names a position past the end of the idx.
    std::uint32_t index_pos_for_pack_order(std::uint32_t i) const;
    // The inverse, built on first use (thread-safe).
    std::uint32_t pack_order_for_index_pos(std::uint32_t pos) const;
    std::uint64_t offset_for_pack_order(std::uint32_t i) const;
    // The pack order of the entry starting exactly at offset, if any.
    std::optional<std::uint32_t> pack_order_for_offset(std::uint64_t offset) const;
    // Where the entry after the one at offset begins: the next entry's
    // offset, or the start of the pack trailer. Throws CorruptData("bad
    // offset for revindex") when no entry starts at offset.
    std::uint64_t next_offset(std::uint64_t offset) const;
    // Bytes the entry at offset occupies in the pack (%(objectsize:disk)).
    std::uint64_t entry_disk_size(std::uint64_t offset) const { return next_offset(offset) - offset; }

    // The trailer of a .rev: the checksum of the pack it belongs to.
    std::optional<ObjectId> pack_checksum() const;

private:
    struct Inverse {
        std::once_flag once;
        std::vector<std::uint32_t> pack_order;  // by idx position
    };

    ReverseIndex(std::uint32_t count, std::uint64_t pack_size, HashAlgo algo, OffsetAt offset_at);
    std::uint64_t end_of_entries() const { return pack_size_ - hash_size(algo_); }

    std::uint32_t count_ = 0;
    std::uint64_t pack_size_ = 0;
    HashAlgo algo_ = HashAlgo::sha1;
    OffsetAt offset_at_;
    // Built in memory: (offset, idx position) sorted by offset.
    std::vector<std::pair<std::uint64_t, std::uint32_t>> sorted_;
    // Read from disk: the mapping and its table of big-endian positions.
    MappedFile file_;
    const std::uint8_t* rev_ = nullptr;
    std::unique_ptr<Inverse> inverse_ = std::make_unique<Inverse>();
};

}  // namespace grit
