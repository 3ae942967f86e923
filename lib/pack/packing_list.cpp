#include "pack/packing_list.h"

namespace grit {

void PackingList::reserve(std::size_t n) {
    entries.reserve(n);
    std::size_t want = 1024;
    while (want < 2 * n + 2) want <<= 1;
    if (want > slots_.size()) rehash(want);
}

std::uint32_t PackingList::find(const ObjectId& id) const {
    if (slots_.empty()) return kNoEntry;
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = hash(id) & mask;; i = (i + 1) & mask) {
        std::uint32_t pos = slots_[i];
        if (pos == kNoEntry || entries[pos].id == id) return pos;
    }
}

PackingEntry& PackingList::add(const ObjectId& id) {
    if ((entries.size() + 1) * 2 > slots_.size()) rehash(slots_.empty() ? 1024 : slots_.size() * 2);
    const std::size_t mask = slots_.size() - 1;
    std::size_t i = hash(id) & mask;
    while (slots_[i] != kNoEntry) i = (i + 1) & mask;
    slots_[i] = static_cast<std::uint32_t>(entries.size());
    entries.emplace_back();
    entries.back().id = id;
    return entries.back();
}

std::pair<std::uint32_t, bool> PackingList::find_or_add(const ObjectId& id) {
    if ((entries.size() + 1) * 2 > slots_.size()) rehash(slots_.empty() ? 1024 : slots_.size() * 2);
    const std::size_t mask = slots_.size() - 1;
    std::size_t i = hash(id) & mask;
    for (; slots_[i] != kNoEntry; i = (i + 1) & mask)
        if (entries[slots_[i]].id == id) return {slots_[i], false};
    const auto pos = static_cast<std::uint32_t>(entries.size());
    slots_[i] = pos;
    entries.emplace_back();
    entries.back().id = id;
    return {pos, true};
}

void PackingList::remove_last() {
    const auto pos = static_cast<std::uint32_t>(entries.size() - 1);
    const std::size_t mask = slots_.size() - 1;
    std::size_t i = hash(entries[pos].id) & mask;
    while (slots_[i] != pos) i = (i + 1) & mask;
    slots_[i] = kNoEntry;
    entries.pop_back();
}

void PackingList::rehash(std::size_t capacity) {
    slots_.assign(capacity, kNoEntry);
    const std::size_t mask = capacity - 1;
    for (std::uint32_t pos = 0; pos < entries.size(); ++pos) {
        std::size_t i = hash(entries[pos].id) & mask;
        while (slots_[i] != kNoEntry) i = (i + 1) & mask;
        slots_[i] = pos;
    }
}

}  // namespace grit
