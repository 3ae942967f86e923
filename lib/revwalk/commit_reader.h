#pragma once
// Parents and commit times of commits: from the commit-graph when it knows
// the commit, else from the commit object. The graph is used as git uses it:
// not with core.commitGraph=false, nor in a shallow repository, nor when
// replace refs exist. A malformed graph file is ignored (git reports it on
// stderr; grit stays silent).
#include <cstdint>
#include <optional>
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
};

}  // namespace grit
