#include "revision/merge_base.h"

#include <algorithm>
#include <cstdint>
#include <unordered_map>
#include <unordered_set>

#include "repo/repository.h"
#include "revwalk/commit_reader.h"
#include "util/error.h"

namespace grit {

namespace {

struct CommitInfo {
    std::vector<ObjectId> parents;
    std::int64_t date = 0;
};

// Parents and dates of the commits the walk meets, each read once.
class CommitCache {
public:
    explicit CommitCache(Repository& repo) : reader_(repo) {}

    const CommitInfo& info(const ObjectId& id) {
        auto it = cache_.find(id);
        if (it != cache_.end()) return it->second;
        CommitInfo info;
        if (!reader_.read(id, info.parents, &info.date)) throw CorruptData("could not parse commit " + id.hex());
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
    CommitReader reader_;
    std::unordered_map<ObjectId, CommitInfo, ObjectIdHash> cache_;
};

}  // namespace

std::vector<ObjectId> merge_bases(Repository& repo, const ObjectId& a, const ObjectId& b) {
    if (a == b) return {a};
    CommitCache commits(repo);
    // Paint both sides down the history, newest first; a commit reached from
    // both is a candidate, and what lies below it is stale. The walk ends when
    // only stale commits are left to visit.
    enum : unsigned { from_a = 1, from_b = 2, stale = 4, result = 8 };
    std::unordered_map<ObjectId, unsigned, ObjectIdHash> marks;
    struct Queued {
        std::int64_t date;
        std::uint64_t order;
        ObjectId id;
        bool operator<(const Queued& o) const { return date != o.date ? date < o.date : order > o.order; }
    };
    std::vector<Queued> heap;
    std::uint64_t order = 0;
    auto push = [&](const ObjectId& id) {
        heap.push_back({commits.info(id).date, order++, id});
        std::push_heap(heap.begin(), heap.end());
    };
    marks[a] |= from_a;
    marks[b] |= from_b;
    push(a);
    push(b);
    std::vector<ObjectId> found;
    auto live = [&] {
        return std::any_of(heap.begin(), heap.end(), [&](const Queued& q) { return !(marks[q.id] & stale); });
    };
    while (live()) {
        std::pop_heap(heap.begin(), heap.end());
        ObjectId id = heap.back().id;
        heap.pop_back();
        unsigned flags = marks[id] & (from_a | from_b | stale);
        if (flags == (from_a | from_b)) {
            if (!(marks[id] & result)) {
                marks[id] |= result;
                found.push_back(id);
            }
            flags |= stale;
        }
        for (const auto& parent : commits.info(id).parents) {
            unsigned& mark = marks[parent];
            if ((mark & flags) == flags) continue;
            mark |= flags;
            push(parent);
        }
    }

    std::vector<ObjectId> candidates;
    for (const auto& id : found)
        if (!(marks[id] & stale)) candidates.push_back(id);
    // With several candidates, drop those reachable from another.
    std::vector<ObjectId> bases;
    for (const auto& candidate : candidates) {
        bool redundant = candidates.size() > 1 && std::any_of(candidates.begin(), candidates.end(), [&](const ObjectId& o) {
                             return o != candidate && commits.ancestors(o).count(candidate);
                         });
        if (!redundant) bases.push_back(candidate);
    }
    std::stable_sort(bases.begin(), bases.end(), [&](const ObjectId& x, const ObjectId& y) {
        return commits.info(x).date > commits.info(y).date;
    });
    return bases;
}

}  // namespace grit
