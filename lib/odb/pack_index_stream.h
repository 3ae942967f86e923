#pragma once
// A pack index (.idx, version 1 or 2) read front to back from a byte stream,
// the way `git show-index` reads one from its standard input: no mapping, no
// checksum or size checks, and entries reported in the order and at the
// moment git prints them, so a damaged stream reports the same leading
// entries before failing.
#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>

#include "hash/object_id.h"

namespace grit {

struct IndexStreamEntry {
    std::uint64_t offset = 0;
    ObjectId id;
    std::optional<std::uint32_t> crc32;  // version 2 only
};

// Calls on_entry for each entry in index (hash) order. Throws CorruptData
// with show-index's messages ("unable to read header", "unknown index
// version", "unable to read index", "corrupt index file", "unable to read
// entry %u/%u", "unable to read sha1 %u/%u", "unable to read crc %u/%u",
// "unable to read 32b offset %u/%u", "inconsistent 64b offset index",
// "unable to read 64b offset %u") where git dies. Bytes after the last entry
// (the trailer) are ignored.
void read_pack_index_stream(std::string_view bytes, HashAlgo algo,
                            const std::function<void(const IndexStreamEntry&)>& on_entry);

}  // namespace grit
