#pragma once
// Inflated delta bases, keyed by (pack, offset), kept within a byte budget
// (core.deltaBaseCacheLimit) and evicted least recently used first. Entries
// are shared, so a base handed out stays valid after it is evicted. The
// budget counts what an entry really costs: its data and its bookkeeping
// (kEntryOverhead), so that the cache of many small trees stays within it.
//
// Lookups happen at every step down every delta chain, and most of them
// miss, so the table is flat: open addressing over (hash tag, entry) pairs,
// which answers a miss from one cache line, and entries live in a pool
// linked into the LRU list by index (no allocation per entry beyond the data).
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "object/object_type.h"

namespace grit {

class PackFile;

struct CachedBase {
    ObjectType type = ObjectType::none;
    std::shared_ptr<const std::string> data;
};

class DeltaBaseCache {
public:
    // Bytes charged per entry on top of its data: the pool entry, its slots,
    // the shared string and the allocator's headers.
    static constexpr std::uint64_t kEntryOverhead = 128;

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
    static constexpr std::uint32_t kNone = UINT32_MAX;
    struct Entry {
        const PackFile* pack = nullptr;
        std::uint64_t offset = 0;
        CachedBase base;
        std::uint32_t prev = kNone, next = kNone;  // LRU neighbours (prev: more recent)
    };
    struct Slot {
        std::uint32_t tag = 0;  // low bits of the key's hash; the home slot is tag & mask
        std::uint32_t entry = kNone;
    };

    static std::uint32_t hash(const PackFile* pack, std::uint64_t offset);
    // The slot holding the key, or kNone.
    std::uint32_t find_slot(const PackFile* pack, std::uint64_t offset, std::uint32_t tag) const;
    void insert_slot(std::uint32_t tag, std::uint32_t entry);
    void erase_slot(std::uint32_t slot);
    void grow();
    void unlink(std::uint32_t e);
    void push_front(std::uint32_t e);
    // Removes the entry at `slot` from the table, the LRU list and the budget.
    void remove(std::uint32_t slot);
    void evict_to(std::uint64_t budget);

    std::uint64_t limit_;
    std::uint64_t used_ = 0;
    bool pack_order_ = false;
    std::vector<Entry> pool_;
    std::vector<std::uint32_t> free_;  // unused pool entries
    std::vector<Slot> table_;          // power-of-two size, at most half full
    std::uint32_t live_ = 0;
    std::uint32_t head_ = kNone, tail_ = kNone;  // most / least recently used
};

}  // namespace grit
