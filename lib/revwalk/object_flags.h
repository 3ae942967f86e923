#pragma once
// A compact "seen" table for object walks: one byte of flags per object id,
// in an open-addressing hash table (linear probing, power-of-two capacity,
// grown at 50% load). No allocation per object; references returned by
// at() stay valid only until the next insertion.
#include <cstdint>
#include <cstring>
#include <vector>

#include "hash/object_id.h"

namespace grit {

class ObjectFlags {
public:
    // The flags of `id`, inserted as 0 when absent.
    std::uint8_t& at(const ObjectId& id) {
        if ((used_ + 1) * 2 > slots_.size()) grow();
        std::size_t mask = slots_.size() - 1;
        std::size_t i = hash(id) & mask;
        for (;;) {
            Slot& s = slots_[i];
            if (!s.used) {
                s.used = 1;
                s.id = id;
                ++used_;
                return s.flags;
            }
            if (same(s.id, id)) return s.flags;
            i = (i + 1) & mask;
        }
    }

    // Room for n objects without growing.
    void reserve(std::size_t n) {
        std::size_t want = 1024;
        while (want < 2 * n + 2) want <<= 1;
        if (want > slots_.size()) rehash(want);
    }

private:
    struct Slot {
        ObjectId id;
        std::uint8_t used = 0;
        std::uint8_t flags = 0;
    };
    static std::size_t hash(const ObjectId& id) {
        std::uint64_t h;
        std::memcpy(&h, id.data(), sizeof h);
        return static_cast<std::size_t>(h);
    }
    // Ids keep unused bytes zero (ObjectId's ==), so all 32 compare as four words.
    static bool same(const ObjectId& a, const ObjectId& b) {
        std::uint64_t x[4], y[4];
        std::memcpy(x, a.data(), 32);
        std::memcpy(y, b.data(), 32);
        return ((x[0] ^ y[0]) | (x[1] ^ y[1]) | (x[2] ^ y[2]) | (x[3] ^ y[3])) == 0;
    }
    void grow() { rehash(slots_.empty() ? 1024 : slots_.size() * 2); }
    void rehash(std::size_t capacity) {
        std::vector<Slot> old(capacity);
        old.swap(slots_);
        std::size_t mask = slots_.size() - 1;
        for (const Slot& s : old) {
            if (!s.used) continue;
            std::size_t i = hash(s.id) & mask;
            while (slots_[i].used) i = (i + 1) & mask;
            slots_[i] = s;
        }
    }

    std::vector<Slot> slots_;
    std::size_t used_ = 0;
};

}  // namespace grit
