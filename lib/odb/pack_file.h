#pragma once
// A memory-mapped pack (.pack, version 2 or 3) with its index. Entry headers
// are parsed without inflating; bodies inflate into exactly sized buffers.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hash/object_id.h"
#include "object/object_type.h"
#include "odb/object_database.h"
#include "odb/pack_index.h"
#include "odb/reverse_index.h"
#include "util/mapped_file.h"

struct libdeflate_decompressor;

namespace grit {

class DeltaBaseCache;
struct PackInflater;

struct PackEntryHeader {
    ObjectType type = ObjectType::none;  // may be ofs_delta / ref_delta
    std::uint64_t size = 0;              // inflated size of this entry's data (the delta for deltas)
    std::uint32_t header_len = 0;        // bytes before the zlib stream (type/size, base ref)
    std::uint64_t base_offset = 0;       // for ofs_delta: absolute offset of the base
    std::optional<ObjectId> base_id;     // for ref_delta
};

class PackFile {
public:
    // pack_path ends in ".pack"; the ".idx" beside it is opened too. The pack
    // itself is mapped lazily, on first access. Throws CorruptData / NotFound.
    PackFile(const std::string& pack_path, HashAlgo algo);
    ~PackFile();

    const std::string& pack_path() const { return pack_path_; }
    std::string base_path() const;  // without ".pack"
    const PackIndex& index() const { return index_; }
    HashAlgo algo() const { return algo_; }
    std::uint64_t pack_size();
    std::uint32_t version();
    // Bytes of the mapped pack (maps it on first use); validates the header
    // ("PACK", version 2/3) and that the object count matches the index.
    const MappedFile& data();

    // Throws CorruptData when the header runs past the end of the pack.
    PackEntryHeader entry_header(std::uint64_t offset);
    // Type and final size of the object at offset, following delta chains
    // through their headers only (result size from the delta's header; left 0
    // without want_size, which then inflates nothing at all).
    ObjectHeader object_header(std::uint64_t offset, bool want_size = true);
    // The fully resolved object at offset; delta chains are resolved
    // iteratively with cycle detection, bases served from/added to `cache`.
    //
    // Errors are CorruptData whose error_lines are what git prints as
    // "error: ..." for the same damage ("inflate: ...", "failed to unpack
    // compressed delta at offset N from P", "failed to read delta base object
    // <oid> at offset N from P", "delta replay has gone wild", "failed to
    // apply delta", "delta data unpack-initial failed", the pack header
    // checks of data(), "unknown object type N at offset N in P"); the
    // message itself is descriptive only.
    Object read_object(std::uint64_t offset, DeltaBaseCache& cache);
    // The inflated data of one entry (the raw delta for a delta entry).
    std::string inflate_entry(std::uint64_t offset, const PackEntryHeader& header);

    // Whether an ofs_delta entry of this pack names the entry at `offset` as
    // its base. The first call reads every entry header of the pack.
    bool is_ofs_delta_base(std::uint64_t offset);

    // The offset of a ref_delta base, looked up in this pack's index only.
    std::optional<std::uint64_t> find_offset(const ObjectId& id) const;

    // Pack order: the ".rev" beside the pack, or the offsets sorted in
    // memory when it is missing or unreadable (git warns and does the same).
    const ReverseIndex& reverse_index();
    // The index position of the entry starting at `offset`, if one does.
    std::optional<std::uint32_t> position_at_offset(std::uint64_t offset);
    // Where the entry at `offset` ends: the next entry's offset, or the trailer.
    std::uint64_t entry_end(std::uint64_t offset);
    // The id an ofs_delta / ref_delta entry names as its base.
    std::optional<ObjectId> delta_base_id(std::uint64_t offset);
    // The size of the object a delta entry produces, read from the start of
    // the delta without inflating the rest of it.
    std::uint64_t delta_result_size(std::uint64_t offset, const PackEntryHeader& header);

private:
    // Throws CorruptData when the entry starts past the end of the pack or
    // claims more than its compressed bytes could hold.
    void check_inflated_size(std::uint64_t offset, const PackEntryHeader& header);
    // Inflates the checked entry into out[0, header.size).
    void inflate_into(std::uint64_t offset, const PackEntryHeader& header, char* out);
    void inflate_into(std::uint64_t offset, const PackEntryHeader& header, char* out,
                      libdeflate_decompressor* with);
    // The entry inflated into the pack's delta buffer, valid until the next call.
    std::string_view inflate_delta(std::uint64_t offset, const PackEntryHeader& header);
    std::uint64_t base_offset_of(std::uint64_t offset, const PackEntryHeader& header) const;

    std::string pack_path_;
    HashAlgo algo_;
    PackIndex index_;
    MappedFile pack_;
    bool mapped_ = false;
    std::optional<ReverseIndex> rev_;
    std::optional<std::vector<std::uint64_t>> ofs_delta_bases_;  // sorted
    std::unique_ptr<PackInflater> inflater_;
};

}  // namespace grit
