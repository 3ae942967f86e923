#pragma once
// The commit half of `git rev-list`: start commits (interesting or not),
// then git 2.39's walk and its output order. Without uninteresting commits
// and without --topo-order/--date-order, commits come out as git finds them:
// a queue by commit date (ties in the order they were queued), parents queued
// as each commit is shown. With uninteresting commits the walk is "limited":
// everything reachable is read first, stopping (git's SLOP rule) once only
// uninteresting commits remain, older than the last interesting one; the
// list is then sorted topologically when asked (--topo-order: graph order,
// --date-order: by date among commits whose children are all shown). With a
// commit-graph, --topo-order and --date-order decide exactly which commits
// are uninteresting, as git's generation-number walk does.
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <unordered_map>
#include <vector>

#include "hash/object_id.h"
#include "revwalk/commit_reader.h"

namespace grit {

class Repository;

enum class CommitOrder { walk, topo, date };

struct CommitWalkOptions {
    CommitOrder order = CommitOrder::walk;
    bool reverse = false;
    long max_count = -1;  // -1: no limit
    // Commits for which this says true are walked through but neither shown
    // nor counted against max_count (git's commit_ignore, as for --unpacked).
    std::function<bool(const ObjectId&)> ignore;
};

class CommitWalk {
public:
    explicit CommitWalk(Repository& repo);

    // A start commit, in argument order. Throws BadName ("bad object <oid>")
    // when `id` cannot be read as a commit.
    void add_start(const ObjectId& id, bool uninteresting);

    // Walks and calls emit for each commit in output order, with its parents.
    // Throws Error with git's message when a parent cannot be read.
    void run(const CommitWalkOptions& options,
             const std::function<void(const ObjectId&, std::span<const ObjectId>)>& emit);

    // After run(): the commits git keeps in revs->commits when the walk is
    // prepared (the limited list, or the start commits), for --objects'
    // edge marking: each with whether it is uninteresting, and its parents
    // with theirs.
    // The root tree of a commit the walk has read.
    std::optional<ObjectId> tree(const ObjectId& commit) const;

    void for_each_listed(const std::function<void(const ObjectId&, bool uninteresting,
                                                  std::span<const ObjectId> parents,
                                                  std::span<const std::uint8_t> parents_uninteresting)>& fn);

private:
    enum Flag : std::uint8_t { seen = 1, uninteresting = 2, added = 4, parsed = 8, in_queue = 16 };
    struct Node {
        ObjectId id;
        ObjectId tree;
        std::int64_t date = 0;
        std::uint32_t parents_begin = 0;
        std::uint32_t parents_count = 0;
        std::uint8_t flags = 0;
    };
    struct QueueEntry {
        std::int64_t date;
        std::uint64_t seq;
        std::uint32_t node;
    };

    std::uint32_t lookup(const ObjectId& id);
    // False when the commit cannot be read.
    bool parse(std::uint32_t n);
    void mark_parents_uninteresting(std::uint32_t n);
    // git's process_parents; false when a parent cannot be read (its id in failed_).
    bool process_parents(std::uint32_t n);
    void push(std::uint32_t n);
    std::uint32_t pop();
    bool everybody_uninteresting();
    // exhaustive: read every reachable commit (no SLOP cut-off).
    void limit(bool exhaustive);
    void topo_sort(CommitOrder order);

    Repository& repo_;
    CommitReader reader_;
    std::vector<Node> nodes_;
    std::vector<std::uint32_t> parent_links_;
    std::unordered_map<ObjectId, std::uint32_t, ObjectIdHash> index_;
    std::vector<std::uint32_t> starts_;
    std::vector<QueueEntry> queue_;  // max-heap: newest date, then lowest seq
    std::uint64_t seq_ = 0;
    bool limited_ = false;
    std::vector<std::uint32_t> list_;  // the limited list (revs->commits)
    std::vector<ObjectId> scratch_parents_;
    std::vector<ObjectId> out_parents_;
    std::uint32_t interesting_cache_ = UINT32_MAX;
    ObjectId failed_;
};

}  // namespace grit
