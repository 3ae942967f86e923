#pragma once
// Lookups in a table of object ids sorted by hash behind a 256-entry fan-out,
// the layout pack indexes and multi-pack indexes share. A Table provides
// oid_bytes(pos) and fanout(byte) (the count of ids whose first byte is <= byte).
#include <cstdint>
#include <cstring>
#include <optional>
#include <utility>

#include "hash/object_id.h"

namespace grit {

template <class Table>
std::optional<std::uint32_t> find_sorted_oid(const Table& table, const ObjectId& id) {
    const std::size_t hsz = id.size();
    const std::uint8_t first = id.bytes[0];
    std::uint32_t lo = first ? table.fanout(first - 1) : 0;
    std::uint32_t hi = table.fanout(first);
    while (lo < hi) {
        std::uint32_t mid = lo + (hi - lo) / 2;
        int c = std::memcmp(table.oid_bytes(mid), id.data(), hsz);
        if (c == 0) return mid;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return std::nullopt;
}

// [first, last) positions whose ids start with the first `nibbles` hex digits
// of the raw prefix (an odd count compares the high nibble of the last byte).
template <class Table>
std::pair<std::uint32_t, std::uint32_t> sorted_oid_prefix_range(const Table& table, const std::uint8_t* prefix,
                                                                std::size_t nibbles) {
    if (nibbles == 0) return {0, table.fanout(0xff)};
    const std::size_t full = nibbles / 2;
    const bool half = nibbles % 2;
    auto compare = [&](std::uint32_t pos) {
        const std::uint8_t* oid = table.oid_bytes(pos);
        int c = std::memcmp(oid, prefix, full);
        if (c != 0 || !half) return c;
        return int(oid[full] >> 4) - int(prefix[full] >> 4);
    };
    std::uint32_t lo, hi;
    if (full > 0) {
        lo = prefix[0] ? table.fanout(prefix[0] - 1) : 0;
        hi = table.fanout(prefix[0]);
    } else {
        std::uint8_t first = prefix[0] & 0xf0;
        lo = first ? table.fanout(first - 1) : 0;
        hi = table.fanout(first | 0x0f);
    }
    auto bound = [&](std::uint32_t a, bool upper) {
        std::uint32_t b = hi;
        while (a < b) {
            std::uint32_t mid = a + (b - a) / 2;
            int c = compare(mid);
            if (c < 0 || (upper && c == 0))
                a = mid + 1;
            else
                b = mid;
        }
        return a;
    };
    std::uint32_t first_match = bound(lo, false);
    return {first_match, bound(first_match, true)};
}

}  // namespace grit
