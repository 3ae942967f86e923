#pragma once
// Dense numbers for the object ids fsck meets, so that its graph is arrays
// indexed by number and tree entries are stored as 4-byte numbers instead of
// ids. Lookups of known ids may run on several threads at once; insertions
// must not run concurrently with anything.
//
// The table is open addressing with the ids themselves in the slots (one
// cache miss per lookup), and an id's home slot is its leading bits: ids are
// uniformly distributed, and inserting ids in sorted order (a pack index)
// fills the table front to back.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "hash/object_id.h"

namespace grit {

class ObjectNumbers {
public:
    static constexpr std::uint32_t kNone = UINT32_MAX;

    explicit ObjectNumbers(HashAlgo algo);

    // Room for about `expected` ids without growing.
    void reserve(std::size_t expected);
    // The number of `id`, giving it the next one when new.
    std::uint32_t insert(const ObjectId& id);
    // The number of `id`, or kNone.
    std::uint32_t find(const ObjectId& id) const { return find_raw(id.data()); }
    std::uint32_t find_raw(const std::uint8_t* raw) const;
    // find() for many ids at once, their memory accesses overlapped.
    void find_many(const ObjectId* const* ids, std::size_t count, std::uint32_t* out) const;

    ObjectId id(std::uint32_t number) const { return ObjectId::from_raw(raw(number), algo_); }
    const std::uint8_t* raw(std::uint32_t number) const {
        return slots_.data() + static_cast<std::size_t>(slot_of_number_[number]) * stride_ + 4;
    }
    std::size_t size() const { return slot_of_number_.size(); }

private:
    std::size_t home(const std::uint8_t* raw) const;
    std::uint32_t number_at(std::size_t slot) const;
    void place(std::uint32_t number, const std::uint8_t* raw);
    void grow(std::size_t slot_count);

    HashAlgo algo_;
    std::size_t key_size_;
    std::size_t stride_;  // a slot: number (4 bytes, native order), then the raw id
    std::size_t slot_count_ = 0;  // a power of two, at most 70% full
    unsigned shift_ = 32;
    std::vector<std::uint8_t> slots_;
    std::vector<std::uint32_t> slot_of_number_;
};

}  // namespace grit
