#pragma once
// The order in which git lists objects at the end of fsck (missing,
// dangling, unreachable): the order of its object hash table, which is open
// addressing on the first four id bytes in native order, linear probing,
// doubled when half full, with a found object swapped to the slot its search
// started at. Replaying every lookup git makes, in git's order, on this table
// gives the same order. Objects are ObjectNumbers numbers.
#include <cstdint>
#include <vector>

#include "fsck/object_numbers.h"

namespace grit {

class GitObjectOrder {
public:
    explicit GitObjectOrder(const ObjectNumbers& numbers) : numbers_(numbers) {}

    // git's lookup_object() followed by creation when absent.
    void lookup(std::uint32_t number, bool swap = true);
    // git's lookup_object() alone: only a present object moves.
    void find(std::uint32_t number);
    // The objects in table order.
    std::vector<std::uint32_t> order() const;

private:
    std::size_t slot_of(std::uint32_t number) const;
    // The slot holding `number`, swapped to its first slot when `swap`; or -1.
    std::ptrdiff_t probe(std::uint32_t number, bool swap);
    void insert(std::uint32_t number);
    void grow();

    const ObjectNumbers& numbers_;
    std::vector<std::uint32_t> table_;
    std::size_t count_ = 0;
};

}  // namespace grit
