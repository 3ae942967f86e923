#pragma once
// Memoized first-parent chains, for "rev~N". rev-parse with many arguments
// asks for HEAD~10, HEAD~4000, HEAD~27 ...: walking from HEAD each time costs
// the sum of all N; keeping the chain walked from each start costs its
// longest N once, and every other answer is an index into it.
#include <cstdint>
#include <optional>
#include <unordered_map>
#include <vector>

#include "hash/object_id.h"

namespace grit {

class CommitReader;

class FirstParentChains {
public:
    explicit FirstParentChains(CommitReader& commits) : commits_(commits) {}

    // The commit n first-parent steps below `start` (a commit), or nullopt
    // when the chain ends or reaches a missing or non-commit object first.
    // Throws what CommitReader::read throws.
    std::optional<ObjectId> ancestor(const ObjectId& start, std::uint64_t n);

private:
    struct Chain {
        std::vector<ObjectId> commits;  // commits[k]: start~k
        bool ended = false;             // commits.back() has no readable first parent
    };

    CommitReader& commits_;
    std::unordered_map<ObjectId, Chain, ObjectIdHash> chains_;
    std::vector<ObjectId> parents_;
};

}  // namespace grit
