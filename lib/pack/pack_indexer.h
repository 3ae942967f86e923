#pragma once
// `git index-pack`'s work: a pack read from a stream (pack_stream_reader.h),
// its deltas resolved (delta_resolver.h), every object checked against the
// repository for hash collisions (and with --strict by fsck's object
// checks), a thin pack completed with bases from the repository. Encoding
// the .idx and .rev (pack_index_writer.h) and writing them is the caller's.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hash/object_id.h"
#include "pack/pack_index_writer.h"
#include "util/progress.h"

namespace grit {

class ObjectDatabase;
class FsckSeverities;

struct PackIndexerOptions {
    HashAlgo algo = HashAlgo::sha1;
    bool strict = false;                             // --strict: fsck checks and connectivity
    const FsckSeverities* fsck_severities = nullptr;  // required with strict
    bool fix_thin = false;                           // append missing ref_delta bases from odb
    unsigned threads = 1;
    std::uint64_t big_file_threshold = 512u << 20;   // core.bigFileThreshold
    int compression = 1;                             // zlib level of appended bases (core.looseCompression)
    ProgressSink progress;                           // empty: no meter
    std::string title = "Indexing objects";          // of the first meter ("Receiving objects" for --stdin)
    // Lines git prints as "warning: ..." while going on (fsck warnings).
    std::function<void(const std::string&)> on_warning;
};

struct IndexedPack {
    ObjectId checksum;             // the trailer (after completing a thin pack, the new one)
    std::vector<PackedObjectEntry> entries;  // in pack order
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
// packed object" (after the fsck error lines), "did not receive expected
// object <oid>" (strict).
IndexedPack index_pack_stream(int in_fd, int pack_fd, const std::string& pack_path, ObjectDatabase* odb,
                              const PackIndexerOptions& options);

}  // namespace grit
