#pragma once
// The order entries are written in (git's compute_write_order): recency
// order up to the first object a tag points to; then the tagged objects;
// then the remaining commits and tags, then trees, all in recency order;
// then everything else family by family (a delta base followed by its
// deltas, depth first, siblings in recency order). Preferred bases are not
// written and are left out.
//
// The result also guarantees that every delta base is written before its
// delta: writing in this order, an entry whose base is not written yet has
// its base written first (git's write_one), which sequence() applies.
#include <cstdint>
#include <vector>

namespace grit {

class PackingList;

// Sets `tagged` on entries before calling: objects pointed to by tags.
std::vector<std::uint32_t> compute_write_order(PackingList& list);

// The exact sequence in which the entries of `order` are written, bases
// pulled in front of their deltas. A delta whose base chain loops is made
// whole (git's "recursive delta" case).
std::vector<std::uint32_t> write_sequence(PackingList& list, const std::vector<std::uint32_t>& order);

}  // namespace grit
