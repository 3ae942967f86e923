#include "fsck/git_object_order.h"

#include <cstring>
#include <utility>

namespace grit {

std::size_t GitObjectOrder::slot_of(std::uint32_t number) const {
    std::uint32_t h;
    std::memcpy(&h, numbers_.raw(number), 4);
    return h & (table_.size() - 1);
}

std::ptrdiff_t GitObjectOrder::probe(std::uint32_t number, bool swap) {
    if (table_.empty()) return -1;
    const std::size_t first = slot_of(number);
    for (std::size_t i = first; table_[i] != ObjectNumbers::kNone; i = (i + 1) & (table_.size() - 1)) {
        if (table_[i] == number) {
            if (swap && i != first) {
                std::swap(table_[i], table_[first]);
                return static_cast<std::ptrdiff_t>(first);
            }
            return static_cast<std::ptrdiff_t>(i);
        }
    }
    return -1;
}

void GitObjectOrder::insert(std::uint32_t number) {
    std::size_t j = slot_of(number);
    while (table_[j] != ObjectNumbers::kNone) j = (j + 1) & (table_.size() - 1);
    table_[j] = number;
}

void GitObjectOrder::grow() {
    std::vector<std::uint32_t> old(table_.size() < 32 ? 32 : 2 * table_.size(), ObjectNumbers::kNone);
    old.swap(table_);
    for (std::uint32_t v : old)
        if (v != ObjectNumbers::kNone) insert(v);
}

void GitObjectOrder::lookup(std::uint32_t number, bool swap) {
    if (probe(number, swap) >= 0) return;
    if (table_.size() < 2 || table_.size() - 1 <= count_ * 2) grow();
    ++count_;
    insert(number);
}

void GitObjectOrder::find(std::uint32_t number) { probe(number, true); }

std::vector<std::uint32_t> GitObjectOrder::order() const {
    std::vector<std::uint32_t> out;
    out.reserve(count_);
    for (std::uint32_t v : table_)
        if (v != ObjectNumbers::kNone) out.push_back(v);
    return out;
}

}  // namespace grit
