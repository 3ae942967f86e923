#pragma once
// The objects maintenance must keep (git's mark_reachable_objects): all that
// refs, every worktree's HEAD and index (entries and cache-tree), and reflog
// entries reach; then, given a cutoff, all that unreached objects newer than
// the cutoff reach (loose objects by file time, packed ones by their pack's),
// so that an object a recent object needs is never pruned before it.
#include <cstdint>
#include <string>
#include <unordered_set>
#include <vector>

#include "hash/object_id.h"
#include "util/progress.h"

namespace grit {

class Repository;

class ReachableObjects {
public:
    // `progress` receives git's "Checking connectivity: <n>" meter (delayed).
    ReachableObjects(Repository& repo, ProgressSink progress);

    // Marks everything the repository's roots and `extra_heads` reach.
    // Throws Error with git's message ("unable to parse object: <ref>") when
    // a ref names a missing object, and CorruptData when a reached commit or
    // tree cannot be read: a caller about to delete must stop there.
    void mark_from_roots(const std::vector<ObjectId>& extra_heads);
    // Marks what unreached objects with a time after `cutoff` reach.
    void mark_recent(std::int64_t cutoff);

    // Ends the progress meter (git stops it once marking is done).
    void finish() { progress_.finish(); }

    bool contains(const ObjectId& id) const { return reached_.count(id) != 0; }
    std::size_t size() const { return reached_.size(); }

private:
    struct Pending {
        ObjectId id;
        bool must_exist;  // objects named by a ref, commit or tree; not index or reflog entries
    };
    void push(const ObjectId& id, bool must_exist);
    void walk();
    void add_index(const std::string& index_path);

    Repository& repo_;
    Progress progress_;
    std::unordered_set<ObjectId, ObjectIdHash> reached_;
    std::vector<Pending> stack_;
    bool ignore_missing_ = false;
};

}  // namespace grit
