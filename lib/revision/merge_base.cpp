#include "revision/merge_base.h"

#include <algorithm>
#include <cstdint>
#include <queue>
#include <unordered_map>
#include <unordered_set>

#include "object/commit.h"
#include "odb/object_database.h"
#include "repo/repository.h"
#include "util/error.h"

namespace grit {

namespace {

struct CommitInfo {
    std::vector<ObjectId> parents;
    std::int64_t date = 0;
};

std::int64_t committer_time(std::string_view committer) {
    auto gt = committer.rfind('>');
    if (gt == std::string_view::npos) return 0;
    std::int64_t t = 0;
    std::size_t i = gt + 1;
    while (i < committer.size() && committer[i] == ' ') ++i;
    while (i < committer.size() && committer[i] >= '0' && committer[i] <= '9') t = t * 10 + (committer[i++] - '0');
    return t;
}

class CommitGraph {
public:
    explicit CommitGraph(Repository& repo) : odb_(repo.odb()) {}

    const CommitInfo& info(const ObjectId& id) {
        auto it = cache_.find(id);
        if (it != cache_.end()) return it->second;
        auto object = odb_.read(id);
        if (!object || object->type != ObjectType::commit)
            throw CorruptData("could not parse commit " + id.hex());
        ParsedCommit commit = parse_commit(object->data, id.algo);
        CommitInfo info{commit.parents, committer_time(commit.committer)};
        return cache_.emplace(id, std::move(info)).first->second;
    }

    // Every commit reachable from `start` (itself included).
    std::unordered_set<ObjectId, ObjectIdHash> ancestors(const ObjectId& start) {
        std::unordered_set<ObjectId, ObjectIdHash> seen{start};
        std::vector<ObjectId> stack{start};
        while (!stack.empty()) {
            ObjectId id = stack.back();
            stack.pop_back();
            for (const auto& parent : info(id).parents)
                if (seen.insert(parent).second) stack.push_back(parent);
        }
        return seen;
    }

private:
    ObjectDatabase& odb_;
    std::unordered_map<ObjectId, CommitInfo, ObjectIdHash> cache_;
};

}  // namespace

std::vector<ObjectId> merge_bases(Repository& repo, const ObjectId& a, const ObjectId& b) {
    CommitGraph graph(repo);
    auto from_a = graph.ancestors(a);
    if (from_a.count(b)) return {b};

    // Walk down from b, stopping at the first common commits on each path.
    std::vector<ObjectId> frontier;
    std::unordered_set<ObjectId, ObjectIdHash> seen{b};
    std::vector<ObjectId> stack{b};
    while (!stack.empty()) {
        ObjectId id = stack.back();
        stack.pop_back();
        if (from_a.count(id)) {
            frontier.push_back(id);
            continue;
        }
        for (const auto& parent : graph.info(id).parents)
            if (seen.insert(parent).second) stack.push_back(parent);
    }

    // Drop those reachable from another candidate.
    std::vector<ObjectId> bases;
    for (const auto& candidate : frontier) {
        bool redundant = false;
        for (const auto& other : frontier) {
            if (other == candidate) continue;
            if (graph.ancestors(other).count(candidate)) {
                redundant = true;
                break;
            }
        }
        if (!redundant) bases.push_back(candidate);
    }
    std::stable_sort(bases.begin(), bases.end(), [&](const ObjectId& x, const ObjectId& y) {
        return graph.info(x).date > graph.info(y).date;
    });
    return bases;
}

}  // namespace grit
