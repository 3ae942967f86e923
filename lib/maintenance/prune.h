#pragma once
// git prune: deletes loose objects that nothing reaches (reachable_objects.h)
// and that are older than the expiry, stale "tmp_*" files, loose objects a
// pack already holds (prune_packed.h), and empty fan-out directories. The
// reachability walk runs only once an object old enough to go is found, as
// in git, so a prune with nothing to do reads no history.
#include <cstdint>
#include <functional>
#include <string_view>
#include <vector>

#include "hash/object_id.h"
#include "util/approxidate.h"
#include "util/progress.h"

namespace grit {

class Repository;

struct PruneOptions {
    std::int64_t expire = kTimeMax;  // objects with a file time after this stay
    bool dry_run = false;            // -n: report, delete nothing
    bool verbose = false;            // -v: report what is deleted
    std::vector<ObjectId> extra_heads;
};

struct PruneOutput {
    std::function<void(std::string_view line)> out;  // git's stdout lines, without "\n"
    std::function<void(std::string_view line)> err;  // git's stderr lines, without "\n"
    ProgressSink progress;
};

// Throws Error (git's fatal text) before deleting anything when the
// repository's reachability cannot be established.
void prune_repository(Repository& repo, const PruneOptions& options, const PruneOutput& output);

// Deletes (or, dry-run, lists) entries of `dir` named "tmp_*" older than
// `expire`: "Removing stale temporary file <path>" as git reports them.
void remove_stale_temporary_files(const std::string& dir, std::int64_t expire, bool dry_run, bool verbose,
                                  const PruneOutput& output);

}  // namespace grit
