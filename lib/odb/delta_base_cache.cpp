#include "odb/delta_base_cache.h"

namespace grit {

CachedBase DeltaBaseCache::find(const PackFile* pack, std::uint64_t offset) {
    auto it = index_.find(Key{pack, offset});
    if (it == index_.end()) return {};
    lru_.splice(lru_.begin(), lru_, it->second);
    return it->second->base;
}

void DeltaBaseCache::add(const PackFile* pack, std::uint64_t offset, ObjectType type,
                         std::shared_ptr<const std::string> data) {
    const std::uint64_t size = data ? data->size() : 0;
    if (!data || size > limit_) return;
    Key key{pack, offset};
    if (auto it = index_.find(key); it != index_.end()) {
        used_ -= it->second->base.data->size();
        lru_.erase(it->second);
        index_.erase(it);
    }
    evict_to(limit_ - size);
    lru_.push_front(Entry{key, CachedBase{type, std::move(data)}});
    index_.emplace(key, lru_.begin());
    used_ += size;
}

void DeltaBaseCache::evict_to(std::uint64_t budget) {
    while (used_ > budget && !lru_.empty()) {
        Entry& victim = lru_.back();
        used_ -= victim.base.data->size();
        index_.erase(victim.key);
        lru_.pop_back();
    }
}

void DeltaBaseCache::forget(const PackFile* pack) {
    for (auto it = lru_.begin(); it != lru_.end();) {
        if (it->key.pack == pack) {
            used_ -= it->base.data->size();
            index_.erase(it->key);
            it = lru_.erase(it);
        } else {
            ++it;
        }
    }
}

void DeltaBaseCache::clear() {
    lru_.clear();
    index_.clear();
    used_ = 0;
}

}  // namespace grit
