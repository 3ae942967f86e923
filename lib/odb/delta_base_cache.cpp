#include "odb/delta_base_cache.h"

namespace grit {

std::uint32_t DeltaBaseCache::hash(const PackFile* pack, std::uint64_t offset) {
    std::uint64_t h = (offset ^ (reinterpret_cast<std::uintptr_t>(pack) >> 4)) * 0x9e3779b97f4a7c15ull;
    return static_cast<std::uint32_t>(h >> 32);
}

std::uint32_t DeltaBaseCache::find_slot(const PackFile* pack, std::uint64_t offset, std::uint32_t tag) const {
    if (table_.empty()) return kNone;
    const std::uint32_t mask = static_cast<std::uint32_t>(table_.size() - 1);
    for (std::uint32_t i = tag & mask;; i = (i + 1) & mask) {
        const Slot& s = table_[i];
        if (s.entry == kNone) return kNone;
        if (s.tag == tag && pool_[s.entry].offset == offset && pool_[s.entry].pack == pack) return i;
    }
}

void DeltaBaseCache::insert_slot(std::uint32_t tag, std::uint32_t entry) {
    const std::uint32_t mask = static_cast<std::uint32_t>(table_.size() - 1);
    std::uint32_t i = tag & mask;
    while (table_[i].entry != kNone) i = (i + 1) & mask;
    table_[i] = Slot{tag, entry};
}

// Backward-shift deletion keeps every probe sequence unbroken without tombstones.
void DeltaBaseCache::erase_slot(std::uint32_t slot) {
    const std::uint32_t mask = static_cast<std::uint32_t>(table_.size() - 1);
    std::uint32_t hole = slot;
    for (std::uint32_t j = (hole + 1) & mask; table_[j].entry != kNone; j = (j + 1) & mask) {
        const std::uint32_t home = table_[j].tag & mask;
        // j's entry may move into the hole if its home is not in (hole, j]
        if (((j - home) & mask) >= ((j - hole) & mask)) {
            table_[hole] = table_[j];
            hole = j;
        }
    }
    table_[hole] = Slot{};
}

void DeltaBaseCache::grow() {
    std::vector<Slot> old(table_.empty() ? 1024 : 2 * table_.size());
    old.swap(table_);
    for (const Slot& s : old)
        if (s.entry != kNone) insert_slot(s.tag, s.entry);
}

void DeltaBaseCache::unlink(std::uint32_t e) {
    Entry& entry = pool_[e];
    if (entry.prev != kNone) pool_[entry.prev].next = entry.next;
    else head_ = entry.next;
    if (entry.next != kNone) pool_[entry.next].prev = entry.prev;
    else tail_ = entry.prev;
    entry.prev = entry.next = kNone;
}

void DeltaBaseCache::push_front(std::uint32_t e) {
    Entry& entry = pool_[e];
    entry.prev = kNone;
    entry.next = head_;
    if (head_ != kNone) pool_[head_].prev = e;
    head_ = e;
    if (tail_ == kNone) tail_ = e;
}

void DeltaBaseCache::remove(std::uint32_t slot) {
    const std::uint32_t e = table_[slot].entry;
    erase_slot(slot);
    unlink(e);
    Entry& entry = pool_[e];
    used_ -= entry.base.data->size() + kEntryOverhead;
    entry.base = CachedBase{};
    entry.pack = nullptr;
    free_.push_back(e);
    --live_;
}

CachedBase DeltaBaseCache::find(const PackFile* pack, std::uint64_t offset) {
    const std::uint32_t slot = find_slot(pack, offset, hash(pack, offset));
    if (slot == kNone) return {};
    const std::uint32_t e = table_[slot].entry;
    if (head_ != e) {
        unlink(e);
        push_front(e);
    }
    return pool_[e].base;
}

void DeltaBaseCache::add(const PackFile* pack, std::uint64_t offset, ObjectType type,
                         std::shared_ptr<const std::string> data) {
    if (!data) return;
    const std::uint64_t size = data->size() + kEntryOverhead;
    if (size > limit_) return;
    const std::uint32_t tag = hash(pack, offset);
    if (std::uint32_t slot = find_slot(pack, offset, tag); slot != kNone) remove(slot);
    evict_to(limit_ - size);
    if ((live_ + 1) * 2 > table_.size()) grow();
    std::uint32_t e;
    if (!free_.empty()) {
        e = free_.back();
        free_.pop_back();
    } else {
        e = static_cast<std::uint32_t>(pool_.size());
        pool_.emplace_back();
    }
    Entry& entry = pool_[e];
    entry.pack = pack;
    entry.offset = offset;
    entry.base = CachedBase{type, std::move(data)};
    insert_slot(tag, e);
    push_front(e);
    ++live_;
    used_ += size;
}

void DeltaBaseCache::evict_to(std::uint64_t budget) {
    while (used_ > budget && tail_ != kNone) {
        const Entry& victim = pool_[tail_];
        remove(find_slot(victim.pack, victim.offset, hash(victim.pack, victim.offset)));
    }
}

void DeltaBaseCache::forget(const PackFile* pack) {
    for (std::uint32_t e = head_; e != kNone;) {
        const std::uint32_t next = pool_[e].next;
        if (pool_[e].pack == pack) remove(find_slot(pack, pool_[e].offset, hash(pack, pool_[e].offset)));
        e = next;
    }
}

void DeltaBaseCache::clear() {
    pool_.clear();
    free_.clear();
    table_.clear();
    live_ = 0;
    used_ = 0;
    head_ = tail_ = kNone;
}

}  // namespace grit
