#pragma once
// The objects pack-objects is going to write (git's to_pack list): one entry
// per object, in the order they were found (recency order), with what
// counting, reuse and delta search learned about each. Preferred bases
// (objects the receiver has, for thin packs) are entries too, never written.
// Entries are addressed by their position; find() is an open-addressing
// table of positions, so adding an object allocates nothing per object.
#include <cstdint>
#include <cstring>
#include <optional>
#include <utility>
#include <vector>

#include "hash/object_id.h"
#include "object/object_type.h"

namespace grit {

class PackFile;

inline constexpr std::uint32_t kNoEntry = UINT32_MAX;

struct PackingEntry {
    ObjectId id;
    // Object size; for a reused delta, the size of the delta data.
    std::uint64_t size = 0;
    // Where a packed copy is (in_pack null: loose or unknown).
    PackFile* in_pack = nullptr;
    std::uint64_t in_pack_offset = 0;
    // Offset in the pack being written: 0 not yet, kRecursing while its base
    // is being written, kWrittenElsewhere once in an earlier split pack.
    std::uint64_t offset = 0;
    std::uint32_t name_hash = 0;
    std::uint32_t crc32 = 0;
    // The delta base entry (reused or computed), and the delta tree links
    // the write order walks.
    std::uint32_t delta = kNoEntry;
    std::uint32_t delta_child = kNoEntry;
    std::uint32_t delta_sibling = kNoEntry;
    std::uint32_t depth = 0;
    // Computed delta data, kept until written (index into PackingList::deltas).
    std::uint32_t delta_data = kNoEntry;
    // type: the object's type, or ofs/ref_delta for a delta reused as is.
    ObjectType type = ObjectType::none;
    ObjectType in_pack_type = ObjectType::none;
    std::uint8_t in_pack_header_size = 0;  // type/size header plus base reference
    bool preferred_base = false;
    bool no_try_delta = false;
    bool tagged = false;
    bool filled = false;

    static constexpr std::uint64_t kRecursing = 1;
    static constexpr std::uint64_t kWrittenElsewhere = UINT64_MAX;
    bool reused_delta() const { return type == ObjectType::ofs_delta || type == ObjectType::ref_delta; }
};

class PackingList {
public:
    std::vector<PackingEntry> entries;

    std::size_t size() const { return entries.size(); }
    PackingEntry& operator[](std::uint32_t i) { return entries[i]; }
    const PackingEntry& operator[](std::uint32_t i) const { return entries[i]; }

    // Room for n entries without rehashing.
    void reserve(std::size_t n);
    // The position of id, or kNoEntry.
    std::uint32_t find(const ObjectId& id) const;
    // Appends a new entry for id (which must not be present) and returns it.
    PackingEntry& add(const ObjectId& id);
    // The position of id and false when present; else the position of a new
    // entry for it and true (one probe sequence for both).
    std::pair<std::uint32_t, bool> find_or_add(const ObjectId& id);
    // Takes back the entry added last (nothing was added after it, so no
    // other id's probe sequence runs through its slot).
    void remove_last();

private:
    static std::size_t hash(const ObjectId& id) {
        std::uint64_t h;
        std::memcpy(&h, id.data(), sizeof h);
        return static_cast<std::size_t>(h);
    }
    void rehash(std::size_t capacity);

    std::vector<std::uint32_t> slots_;  // entry positions, kNoEntry for empty
};

}  // namespace grit
