#pragma once
// `git index-pack`'s work: a pack read from a stream (pack_stream_reader.h),
// its deltas resolved (delta_resolver.h), every object checked against the
// repository for hash collisions (and with --strict by fsck's object
// checks), a thin pack completed with bases from the repository, and the
// .idx (and .rev) that describe it encoded (pack_index_writer.h). Writing
// the files into place is the caller's.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "hash/object_id.h"
#include "util/progress.h"

namespace grit {

class ObjectDatabase;
class FsckSeverities;

struct PackIndexerOptions {
    HashAlgo algo = HashAlgo::sha1;
    int index_version = 2;                           // pack.indexVersion, --index-version
    std::uint64_t large_offset_threshold = 0x7fffffff;
    bool write_reverse_index = false;                // --rev-index, pack.writeReverseIndex
    bool strict = false;                             // --strict: fsck checks, duplicates refused
    const FsckSeverities* fsck_severities = nullptr;  // required with strict
    bool fix_thin = false;                           // append missing ref_delta bases from odb
    unsigned threads = 1;
    std::uint64_t big_file_threshold = 512u << 20;   // core.bigFileThreshold
    int compression = 1;                             // zlib level of appended bases (core.looseCompression)
    ProgressSink progress;                           // empty: no meter
    bool receiving = false;                          // "Receiving objects" (--stdin) or "Indexing objects"
    // Lines git prints as "warning: ..." while going on (fsck warnings).
    std::function<void(const std::string&)> on_warning;
};

struct IndexedPack {
    ObjectId checksum;             // the trailer (after completing a thin pack, the new one)
    std::string idx;               // bytes of the .idx
    std::optional<std::string> rev;  // bytes of the .rev, when asked for
    std::uint32_t object_count = 0;
    std::uint32_t appended_bases = 0;
    std::string after_pack;        // bytes read from the input past the trailer
};

// Reads a pack from in_fd. With pack_fd >= 0 the pack is copied there as it
// is read (index-pack --stdin) and pack_path names that copy; otherwise
// pack_path is the file in_fd reads. `odb` (null outside a repository) is
// consulted for collisions and thin bases. The trailer is written to pack_fd
// once the pack is complete.
//
// Errors: those of the reader and resolver, and git's "pack has N
// unresolved delta(s)", "SHA1 COLLISION FOUND WITH <oid> !", "cannot read
// existing object <oid>", "local object <oid> is corrupt", "fsck error in
// packed object" (after the fsck error lines), "The same object <oid>
// appears twice in the pack" (strict).
IndexedPack index_pack_stream(int in_fd, int pack_fd, const std::string& pack_path, ObjectDatabase* odb,
                              const PackIndexerOptions& options);

}  // namespace grit
