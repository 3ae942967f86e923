#pragma once
// A set of object ids that lists its members in the order git's oidset does
// (rev-list --missing=print and --filter-print-omitted print in that order).
// git's oidset is a khash table keyed by the first four bytes of the id:
// power-of-two buckets, quadratic (triangular) probing, deleted slots kept as
// tombstones and reused, growth past 77% occupancy by khash's in-place
// rehash. This class replays exactly those rules, so inserts and removals in
// git's sequence leave every id in git's bucket.
#include <cstdint>
#include <vector>

#include "hash/object_id.h"

namespace grit {

class OidSet {
public:
    // git's oidset_init(set, initial_size): 0 starts empty, growing on first insert.
    explicit OidSet(std::uint32_t initial_size = 0);

    // True when added (git's oidset_insert returns the opposite).
    bool insert(const ObjectId& id);
    // True when it was a member.
    bool remove(const ObjectId& id);
    bool contains(const ObjectId& id) const;
    std::size_t size() const { return size_; }
    // Members in bucket order, as git's oidset_iter lists them.
    std::vector<ObjectId> ordered() const;

private:
    enum Slot : std::uint8_t { empty = 0, live = 1, deleted = 2 };
    static std::uint32_t hash(const ObjectId& id);
    // khash's kh_resize: rehashes in place into `buckets` (rounded up to a power of two).
    void resize(std::uint32_t buckets);
    // The slot holding id, or buckets() when absent.
    std::uint32_t find(const ObjectId& id) const;
    std::uint32_t buckets() const { return static_cast<std::uint32_t>(state_.size()); }

    std::vector<ObjectId> keys_;
    std::vector<std::uint8_t> state_;
    std::uint32_t size_ = 0;
    std::uint32_t occupied_ = 0;  // live and deleted slots
    std::uint32_t upper_bound_ = 0;
};

}  // namespace grit
