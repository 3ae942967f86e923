#pragma once
// Inflated delta bases, keyed by (pack, offset), kept within a byte budget
// (core.deltaBaseCacheLimit); eviction approximates least recently used
// first (a clock). Entries are shared, so a base handed out stays valid after
// it is evicted.
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
    // Entries live in a slab; an open-addressing table (linear probing,
    // backward-shift deletion) maps (pack, offset) to slab slots. Eviction
    // is the clock approximation of least-recently-used: find() only sets a
    // slot's referenced bit, so a hit touches no other entry.
    struct Entry {
        const PackFile* pack = nullptr;
        std::uint64_t offset = 0;
        CachedBase base;
        bool used = false;
        bool referenced = false;
    };
    static constexpr std::uint32_t kEmpty = 0xffffffff;

    static std::size_t hash(const PackFile* pack, std::uint64_t offset);
    // The table slot holding the entry, or the empty slot where it would go.
    std::size_t probe(const PackFile* pack, std::uint64_t offset) const;
    void remove(std::uint32_t entry);
    void grow_table();
    void evict_to(std::uint64_t budget);

    std::uint64_t limit_;
    std::uint64_t used_ = 0;
    bool pack_order_ = false;
    std::vector<Entry> entries_;
    std::vector<std::uint32_t> free_;  // unused slab slots
    std::vector<std::uint32_t> table_;  // slab slot per table slot, kEmpty when none
    std::size_t live_ = 0;
    std::size_t hand_ = 0;  // the clock's position in the slab
};

}  // namespace grit
