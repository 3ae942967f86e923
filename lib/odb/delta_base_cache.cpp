#include "odb/delta_base_cache.h"

namespace grit {

std::size_t DeltaBaseCache::hash(const PackFile* pack, std::uint64_t offset) {
    std::uint64_t h = (offset ^ (reinterpret_cast<std::uintptr_t>(pack) >> 4)) * 0x9e3779b97f4a7c15ull;
    return static_cast<std::size_t>(h ^ (h >> 29));
}

std::size_t DeltaBaseCache::probe(const PackFile* pack, std::uint64_t offset) const {
    const std::size_t mask = table_.size() - 1;
    std::size_t i = hash(pack, offset) & mask;
    while (table_[i] != kEmpty) {
        const Entry& e = entries_[table_[i]];
        if (e.offset == offset && e.pack == pack) return i;
        i = (i + 1) & mask;
    }
    return i;
}

CachedBase DeltaBaseCache::find(const PackFile* pack, std::uint64_t offset) {
    if (!live_) return {};
    std::uint32_t slot = table_[probe(pack, offset)];
    if (slot == kEmpty) return {};
    Entry& e = entries_[slot];
    e.referenced = true;
    return e.base;
}

void DeltaBaseCache::grow_table() {
    std::vector<std::uint32_t> old(table_.empty() ? 1024 : table_.size() * 2, kEmpty);
    old.swap(table_);
    const std::size_t mask = table_.size() - 1;
    for (std::uint32_t slot : old) {
        if (slot == kEmpty) continue;
        std::size_t i = hash(entries_[slot].pack, entries_[slot].offset) & mask;
        while (table_[i] != kEmpty) i = (i + 1) & mask;
        table_[i] = slot;
    }
}

void DeltaBaseCache::remove(std::uint32_t slot) {
    Entry& e = entries_[slot];
    const std::size_t mask = table_.size() - 1;
    std::size_t hole = probe(e.pack, e.offset);
    // Backward-shift deletion: move later entries of the probe run into the
    // hole when their home slot does not lie between the hole and them.
    for (std::size_t i = (hole + 1) & mask; table_[i] != kEmpty; i = (i + 1) & mask) {
        const Entry& m = entries_[table_[i]];
        std::size_t home = hash(m.pack, m.offset) & mask;
        if (((i - home) & mask) >= ((i - hole) & mask)) {
            table_[hole] = table_[i];
            hole = i;
        }
    }
    table_[hole] = kEmpty;
    used_ -= e.base.data->size();
    e = Entry();
    free_.push_back(slot);
    --live_;
}

void DeltaBaseCache::add(const PackFile* pack, std::uint64_t offset, ObjectType type,
                         std::shared_ptr<const std::string> data) {
    const std::uint64_t size = data ? data->size() : 0;
    if (!data || size > limit_) return;
    if (live_) {
        std::uint32_t existing = table_[probe(pack, offset)];
        if (existing != kEmpty) remove(existing);
    }
    evict_to(limit_ - size);
    if ((live_ + 1) * 2 > table_.size()) grow_table();
    std::uint32_t slot;
    if (!free_.empty()) {
        slot = free_.back();
        free_.pop_back();
    } else {
        slot = static_cast<std::uint32_t>(entries_.size());
        entries_.emplace_back();
    }
    Entry& e = entries_[slot];
    e.pack = pack;
    e.offset = offset;
    e.base = CachedBase{type, std::move(data)};
    e.used = true;
    e.referenced = false;
    table_[probe(pack, offset)] = slot;
    ++live_;
    used_ += size;
}

void DeltaBaseCache::evict_to(std::uint64_t budget) {
    while (used_ > budget && live_) {
        if (hand_ >= entries_.size()) hand_ = 0;
        Entry& e = entries_[hand_];
        if (e.used && !e.referenced) remove(static_cast<std::uint32_t>(hand_));
        else e.referenced = false;
        ++hand_;
    }
}

void DeltaBaseCache::forget(const PackFile* pack) {
    for (std::size_t i = 0; i < entries_.size(); ++i)
        if (entries_[i].used && entries_[i].pack == pack) remove(static_cast<std::uint32_t>(i));
}

void DeltaBaseCache::clear() {
    entries_.clear();
    free_.clear();
    table_.clear();
    live_ = 0;
    used_ = 0;
    hand_ = 0;
}

}  // namespace grit
