#pragma once
// Inflated delta bases, keyed by (pack, offset), kept within a byte budget
// (core.deltaBaseCacheLimit) and evicted least recently used first. Entries
// are shared, so a base handed out stays valid after it is evicted.
#include <cstdint>
#include <list>
#include <memory>
#include <string>
#include <unordered_map>

#include "object/object_type.h"

namespace grit {

class PackFile;

struct CachedBase {
    ObjectType type = ObjectType::none;
    std::shared_ptr<const std::string> data;
};

class DeltaBaseCache {
public:
    explicit DeltaBaseCache(std::uint64_t byte_limit = 96u << 20) : limit_(byte_limit) {}

    // The entry, marked most recently used; an empty CachedBase when absent.
    CachedBase find(const PackFile* pack, std::uint64_t offset);
    // Adds (or refreshes) an entry, then evicts until within the budget. An
    // entry larger than the whole budget is not kept.
    void add(const PackFile* pack, std::uint64_t offset, ObjectType type, std::shared_ptr<const std::string> data);
    // Drops every entry of `pack` (before the pack is closed).
    void forget(const PackFile* pack);
    void clear();

    // Set when objects are about to be read in pack order (every object of a
    // pack, by increasing offset): an ofs-delta base is then kept when it is
    // read for itself, since its deltas follow it in the pack.
    void set_pack_order(bool on) { pack_order_ = on; }
    bool pack_order() const { return pack_order_; }

    std::uint64_t bytes_used() const { return used_; }
    std::uint64_t limit() const { return limit_; }

private:
    struct Key {
        const PackFile* pack;
        std::uint64_t offset;
        bool operator==(const Key&) const = default;
    };
    struct KeyHash {
        std::size_t operator()(const Key& k) const {
            return std::hash<const void*>()(k.pack) ^ (k.offset * 0x9e3779b97f4a7c15ull);
        }
    };
    struct Entry {
        Key key;
        CachedBase base;
    };
    using Lru = std::list<Entry>;  // front: most recently used

    void evict_to(std::uint64_t budget);

    std::uint64_t limit_;
    std::uint64_t used_ = 0;
    bool pack_order_ = false;
    Lru lru_;
    std::unordered_map<Key, Lru::iterator, KeyHash> index_;
};

}  // namespace grit
