#pragma once
// From a counted object list to pack files (git's prepare_pack and
// write_pack_file): object details and reuse decisions, the delta search,
// the write order, and writing one pack to a stream or packs to files
// ("<base>-<hash>.pack" with its .idx and .rev), split at max_pack_size.
//
// Reuse: a packed object is copied byte for byte from its pack when its
// stored form is what is wanted (whole, or a delta whose base is written
// before it or known to the receiver), with ofs/ref delta headers rewritten
// for the new pack; when writing files, the copy is checked against the CRC32
// of the source .idx first ("bad packed object CRC for <oid>" then makes it
// written afresh). Whole objects are compressed on all threads.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "hash/object_id.h"
#include "pack/delta_search.h"
#include "pack/packing_list.h"
#include "util/progress.h"

namespace grit {

class Repository;

struct PackBuildOptions {
    bool reuse_delta = true;
    bool reuse_object = true;
    bool ofs_delta = false;        // --delta-base-offset
    DeltaSearchOptions delta;      // window 0 or depth 0: no delta search
    int compression = -1;          // zlib level, -1 default
    std::uint64_t max_pack_size = 0;
    std::uint64_t big_file_threshold = 512u << 20;  // larger blobs are not deltified
    int index_version = 2;
    std::uint64_t index_large_offset = 0x7fffffff;
    bool write_rev_index = true;
    bool check_crc = true;         // before reusing packed data (git: not for --stdout)
    // Receives git's "error: ..." lines for damage that is worked around.
    std::function<void(const std::string&)> on_error;
};

struct PackStats {
    std::uint32_t written = 0, written_delta = 0, reused = 0, reused_delta = 0;
};

class PackBuilder {
public:
    // result_count: entries that are not preferred bases.
    PackBuilder(Repository& repo, PackingList& list, std::uint32_t result_count, PackBuildOptions options);
    ~PackBuilder();

    // Details ("Counting objects", on `counting`) and the delta search
    // ("Compressing objects", on `compressing`). Empty sinks draw nothing.
    // `threaded` is told the thread count before a search on more than one.
    void prepare(const ProgressSink& counting, const ProgressSink& compressing,
                 const std::function<void(unsigned threads)>& threaded = {});

    // One pack to fd (--stdout); "Writing objects" on `writing`.
    void write_stream(int fd, const ProgressSink& writing);
    // Packs "<base_name>-<hash>.pack/.idx/.rev", their temporary files in
    // <objects>/pack; on_pack(hash) after each is installed.
    void write_files(const std::string& base_name, const ProgressSink& writing,
                     const std::function<void(const ObjectId&)>& on_pack);

    const PackStats& stats() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace grit
