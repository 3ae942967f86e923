#pragma once
// The delta search of pack-objects, git's way. Candidates are sorted by
// (type, name hash, preferred bases first, size descending, input order), each
// is tried against the previous `window` candidates of the same type, and the
// smallest delta is kept, with git's size heuristics: a delta must be smaller
// than half the target (less a hash), the allowed size shrinks with the depth
// of the base, pairs whose sizes differ too much are not tried, and chains are
// capped at `depth`. Bases always come earlier in the sorted order than their
// deltas, so there are no cycles.
//
// Work is split into segments of the sorted list cut at name-hash boundaries
// (a path's versions stay together unless one path holds more than an eighth
// of the work); the segments depend only on the entries and the window, never
// on the thread count, so results are identical for any number of threads.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "object/object_type.h"

namespace grit {

struct DeltaSearchEntry {
    ObjectType type;
    std::uint32_t name_hash;
    std::uint64_t size;  // inflated size
    // A thin-pack base: may serve as a base, is never itself deltified or written.
    bool preferred_base = false;
    // false: kept as it is (a reused delta, a too-large blob). As in git such an
    // entry takes no part in the search: it is neither a target nor a base
    // (a reused delta's own base is unknown here, so using it could make a cycle).
    bool searchable = true;
    // Depth it already has when not searchable (reused delta chain); not
    // consulted by the search, kept for the caller's bookkeeping.
    std::uint32_t depth = 0;
    // Length of the longest chain of reused deltas hanging below this entry
    // (git's check_delta_limit): the entry is only deltified at depths that keep
    // those chains within options.depth.
    std::uint32_t reused_children_depth = 0;
    // With delta reuse: 1-based number of the pack this entry is read from (0:
    // loose, or no reuse), and whether it is stored there as a delta. A target
    // stored whole in pack P is not tried against a non-preferred base from P:
    // git decided against that pair when it wrote P.
    std::uint32_t reuse_pack = 0;
    bool reuse_pack_delta = false;
};

struct DeltaSearchOptions {
    unsigned window = 10;
    unsigned depth = 50;
    std::uint64_t window_memory = 0;  // per thread; 0: unlimited
    unsigned threads = 0;             // 0: all cores
    unsigned hash_size = 20;          // raw object id size, for git's max-size heuristic
    // Bound on the bytes of deltas kept in DeltaChoice::delta (pack.deltaCacheSize;
    // 0: keep all). A delta is kept when git's delta_cacheable would cache it: it
    // fits in what is left and is smaller than `delta_cache_limit`
    // (pack.deltaCacheLimit) or small against its source and target. A delta
    // not kept leaves DeltaChoice::delta empty: the caller encodes it again.
    std::uint64_t delta_cache_size = 0;
    std::uint64_t delta_cache_limit = 1000;
};

struct DeltaChoice {
    std::int64_t base = -1;  // index of the base entry; -1: stored whole
    std::string delta;       // raw delta bytes (empty when not kept, see delta_cache_size)
    std::uint32_t depth = 0;
};

// Number of entries find_deltas searches (the total its progress reaches):
// searchable, non-preferred entries of a known type and at least 50 bytes.
std::size_t delta_search_total(std::span<const DeltaSearchEntry> entries);

// Chooses a base for each searchable entry. load(i) returns entry i's content
// and may be called from several threads at once; an exception it throws is
// rethrown here, except for a preferred base, which is then not used (as git
// ignores a thin-pack base it cannot read). progress(done) is called, from worker threads but one call at
// a time and with increasing counts, with the number of entries searched so
// far (it may be empty). on_chosen, when set, is called from
// the worker thread once entry i's choice is final and holds a kept delta (to
// deflate it there, say); it may modify the choice's delta.
std::vector<DeltaChoice> find_deltas(std::span<const DeltaSearchEntry> entries,
                                     const std::function<std::string(std::size_t)>& load,
                                     const DeltaSearchOptions& options,
                                     const std::function<void(std::size_t)>& progress,
                                     const std::function<void(std::size_t, DeltaChoice&)>& on_chosen = {});

}  // namespace grit
