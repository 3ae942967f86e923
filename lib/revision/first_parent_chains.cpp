#include "revision/first_parent_chains.h"

#include "revwalk/commit_reader.h"

namespace grit {

std::optional<ObjectId> FirstParentChains::ancestor(const ObjectId& start, std::uint64_t n) {
    Chain& chain = chains_[start];
    if (chain.commits.empty()) chain.commits.push_back(start);
    // start~k is known once start~(k-1) was read and has a first parent;
    // start~n itself is not read (as a walk of n steps does not read it).
    while (chain.commits.size() <= n && !chain.ended) {
        if (!commits_.read(chain.commits.back(), parents_) || parents_.empty()) {
            chain.ended = true;
            break;
        }
        chain.commits.push_back(parents_.front());
    }
    if (n >= chain.commits.size()) return std::nullopt;
    return chain.commits[n];
}

}  // namespace grit
