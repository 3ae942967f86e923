#pragma once
// Parents and commit times of commits: from the commit-graph when it knows
// the commit, else from the commit object. The graph is used as git uses it:
// not with core.commitGraph=false, nor in a shallow repository, nor when
// replace refs exist. A malformed graph file is ignored (git reports it on
// stderr; grit stays silent).
//
// Every commit read from the object database is kept (parents, time, tree), so a
// reader that lives as long as the process inflates each commit at most once,
// as git's parsed-object table does: keep one reader across many walks.
#include <cstdint>
#include <optional>
#include <unordered_map>
#include <vector>

#include "hash/object_id.h"
#include "revwalk/commit_graph.h"

namespace grit {

class Repository;

class CommitReader {
public:
    explicit CommitReader(Repository& repo);

    // False when `id` is missing or not a commit. Throws CorruptData when the
    // commit (or the graph) is malformed.
    // tree, when given, receives the commit's root tree.
    bool read(const ObjectId& id, std::vector<ObjectId>& parents, std::int64_t* commit_time = nullptr,
              ObjectId* tree = nullptr);

    // Whether a commit-graph is in use (git's generation_numbers_enabled).
    bool uses_graph() const { return graph_.has_value(); }

private:
    Repository& repo_;
    std::optional<CommitGraph> graph_;
    std::vector<std::uint32_t> positions_;

    // Commits already read from the object database: their parents are
    // parents_[first, first + count).
    struct Parsed {
        std::uint32_t first;
        std::uint32_t count;
        std::int64_t time;
        ObjectId tree;
    };
    std::unordered_map<ObjectId, Parsed, ObjectIdHash> parsed_;
    std::vector<ObjectId> parents_;
};

}  // namespace grit
