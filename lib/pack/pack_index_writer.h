#pragma once
// Writing the files that accompany a pack: its index (.idx, version 1 or 2),
// its reverse index (.rev, version 1), and installing them beside the pack.
// The bytes are exactly what git 2.39 writes for the same entries.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hash/object_id.h"

namespace grit {

struct PackedObjectEntry {
    ObjectId id;
    std::uint64_t offset = 0;
    std::uint32_t crc32 = 0;  // of the entry's bytes in the pack (header and compressed data)
};

// Sorts `entries` by id and returns the bytes of a .idx ending with the pack
// checksum and the idx's own checksum. Version 1 holds 32-bit offsets only:
// it becomes version 2 when the largest offset needs the 64-bit table, as in
// git. Version 2 puts offsets at or above 2^31 and offsets above
// `large_offset_threshold` (git's `--index-version=2,<offset>`) in the 64-bit
// table. Duplicate ids throw CorruptData("The same object <oid> appears twice
// in the pack") when `reject_duplicates` (git's WRITE_IDX_STRICT) is set.
std::string encode_pack_index(std::vector<PackedObjectEntry>& entries, const ObjectId& pack_checksum,
                              int version = 2, std::uint64_t large_offset_threshold = 0x7fffffff,
                              bool reject_duplicates = true);

// The .rev file (version 1) for entries already sorted by id: their index
// positions in pack (offset) order, then the pack checksum and its own.
std::string encode_reverse_index(const std::vector<PackedObjectEntry>& sorted_entries,
                                 const ObjectId& pack_checksum);

// Installs <base>.pack (from tmp_pack_path), then <base>.rev, then <base>.idx,
// each written to a temporary file in the same directory and moved into
// place with mode 0444, so a reader never sees an .idx without its pack or a
// half-written file. A file that already exists under the final name is
// kept (git does not replace an existing pack) and the temporary removed.
// Throws IoError ("unable to rename temporary '*.pack' file to '<path>'",
// as git says) on failure.
void install_pack_files(const std::string& tmp_pack_path, std::string_view idx_bytes,
                        std::optional<std::string_view> rev_bytes, const std::string& base);

// Writes `bytes` to a new temporary file "<dir>/<prefix>XXXXXX" created with
// mode 0444 and returns its path (git's odb_mkstemp).
std::string write_temporary_file(const std::string& dir, const std::string& prefix, std::string_view bytes);

// Moves tmp_path to final_path (link, then unlink the temporary; an existing
// final_path is kept), as git's finalize_object_file does.
void finalize_file(const std::string& tmp_path, const std::string& final_path, std::string_view ext);

}  // namespace grit
