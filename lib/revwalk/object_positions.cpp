#include "revwalk/object_positions.h"

#include <algorithm>
#include <cstring>
#include <optional>

#include "odb/object_database.h"
#include "odb/pack_file.h"
#include "util/big_endian.h"
#include "util/error.h"

namespace grit {

namespace {

// Ids are uniformly distributed, so a row can be found by interpolating on
// the first eight bytes between the known keys of the range ends: about
// three probes (three cache misses) where bisection of a 2000-row fan-out
// bucket needs eleven. Bisection takes over after a few probes, so that
// unlucky data costs at most a little more than plain bisection.
std::optional<std::uint32_t> interpolated_find(const PackIndex& idx, const ObjectId& id) {
    const std::size_t hsz = id.size();
    const std::uint8_t first = id.bytes[0];
    std::uint32_t lo = first ? idx.fanout(first - 1) : 0;  // candidates are [lo, hi)
    std::uint32_t hi = idx.fanout(first);
    const std::uint64_t key = load_be64(id.data());
    // Keys just outside the range: every id in it starts with `first`.
    std::uint64_t lo_key = std::uint64_t{first} << 56;
    std::uint64_t hi_key = lo_key | 0x00ffffffffffffffull;
    for (int probes = 0; lo < hi; ++probes) {
        std::uint32_t mid;
        if (probes < 4 && hi_key > lo_key && key >= lo_key && key <= hi_key) {
            unsigned __int128 span = static_cast<unsigned __int128>(key - lo_key) * (hi - lo);
            mid = lo + static_cast<std::uint32_t>(span / (hi_key - lo_key + 1));
            if (mid >= hi) mid = hi - 1;
        } else {
            mid = lo + (hi - lo) / 2;
        }
        const std::uint8_t* row = idx.oid_bytes(mid);
        int c = std::memcmp(row, id.data(), hsz);
        if (c == 0) return mid;
        if (c < 0) {
            lo = mid + 1;
            lo_key = load_be64(row);
        } else {
            hi = mid;
            hi_key = load_be64(row);
        }
    }
    return std::nullopt;
}

}  // namespace

ObjectPositions::ObjectPositions(ObjectDatabase& odb) : recent_(kRecentSlots) {
    for (const PackSource& source : odb.packs()) {
        PackFile* pack = source.pack;
        try {
            pack->data();
        } catch (const Error&) {
            // A pack that does not open is left to the object database,
            // which reports it as git does.
            continue;
        }
        packs_.push_back(Pack{pack, packed_count_});
        packed_count_ += pack->index().count();
    }
}

std::uint32_t ObjectPositions::position(const ObjectId& id) {
    std::array<std::uint64_t, 4> key;
    std::memcpy(key.data(), id.data(), sizeof key);
    // Bytes 4..7 pick the slot: the first ones are shared by a whole fan-out bucket.
    Recent& slot = recent_[(key[0] >> 32) & (kRecentSlots - 1)];
    if (slot.pos != kNone && slot.key == key) return slot.pos;
    slot.key = key;
    slot.pos = lookup(id);
    return slot.pos;
}

std::uint32_t ObjectPositions::lookup(const ObjectId& id) {
    for (const Pack& p : packs_)
        if (auto row = interpolated_find(p.pack->index(), id)) return p.first + *row;
    auto [it, added] = side_.try_emplace(id, size());
    return it->second;
}

ObjectPositions::Location ObjectPositions::location(std::uint32_t pos) const {
    auto it = std::upper_bound(packs_.begin(), packs_.end(), pos,
                               [](std::uint32_t p, const Pack& pack) { return p < pack.first; });
    const Pack& p = *std::prev(it);
    return Location{p.pack, p.pack->index().offset_at(pos - p.first)};
}

}  // namespace grit
