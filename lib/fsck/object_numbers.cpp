#include "fsck/object_numbers.h"

#include <cstring>

#include "util/big_endian.h"

namespace grit {

ObjectNumbers::ObjectNumbers(HashAlgo algo) : algo_(algo), key_size_(hash_size(algo)), stride_(4 + key_size_) {}

std::size_t ObjectNumbers::home(const std::uint8_t* raw) const {
    return shift_ >= 32 ? 0 : static_cast<std::size_t>(load_be32(raw) >> shift_);
}

std::uint32_t ObjectNumbers::number_at(std::size_t slot) const {
    std::uint32_t n;
    std::memcpy(&n, slots_.data() + slot * stride_, 4);
    return n;
}

void ObjectNumbers::place(std::uint32_t number, const std::uint8_t* raw) {
    const std::size_t mask = slot_count_ - 1;
    std::size_t i = home(raw);
    while (number_at(i) != kNone) i = (i + 1) & mask;
    std::uint8_t* slot = slots_.data() + i * stride_;
    std::memcpy(slot, &number, 4);
    std::memcpy(slot + 4, raw, key_size_);
    slot_of_number_[number] = static_cast<std::uint32_t>(i);
}

void ObjectNumbers::grow(std::size_t slot_count) {
    std::vector<std::uint8_t> old(slot_count * stride_, 0xff);
    old.swap(slots_);
    const std::size_t old_count = slot_count_;
    slot_count_ = slot_count;
    shift_ = 32;
    while ((std::size_t{1} << (32 - shift_)) < slot_count_) --shift_;
    // Old slots in order go to new homes in order: the copy runs front to back.
    for (std::size_t i = 0; i < old_count; ++i) {
        std::uint32_t n;
        std::memcpy(&n, old.data() + i * stride_, 4);
        if (n != kNone) place(n, old.data() + i * stride_ + 4);
    }
}

void ObjectNumbers::reserve(std::size_t expected) {
    std::size_t slots = 1024;
    while (slots * 7 < expected * 10) slots *= 2;
    if (slots > slot_count_) grow(slots);
    slot_of_number_.reserve(expected);
}

std::uint32_t ObjectNumbers::find_raw(const std::uint8_t* raw) const {
    if (!slot_count_) return kNone;
    const std::size_t mask = slot_count_ - 1;
    for (std::size_t i = home(raw);; i = (i + 1) & mask) {
        const std::uint8_t* slot = slots_.data() + i * stride_;
        std::uint32_t n;
        std::memcpy(&n, slot, 4);
        if (n == kNone) return kNone;
        if (std::memcmp(slot + 4, raw, key_size_) == 0) return n;
    }
}

void ObjectNumbers::find_many(const ObjectId* const* ids, std::size_t count, std::uint32_t* out) const {
    if (!slot_count_) {
        for (std::size_t k = 0; k < count; ++k) out[k] = kNone;
        return;
    }
    for (std::size_t k = 0; k < count; ++k) __builtin_prefetch(slots_.data() + home(ids[k]->data()) * stride_);
    for (std::size_t k = 0; k < count; ++k) out[k] = find_raw(ids[k]->data());
}

std::uint32_t ObjectNumbers::insert(const ObjectId& id) {
    if (std::uint32_t n = find(id); n != kNone) return n;
    if ((slot_of_number_.size() + 1) * 10 > slot_count_ * 7) grow(slot_count_ ? 2 * slot_count_ : 1024);
    const auto n = static_cast<std::uint32_t>(slot_of_number_.size());
    slot_of_number_.push_back(0);
    place(n, id.data());
    return n;
}

}  // namespace grit
