#pragma once
// The first few bytes of a zlib stream without a zlib inflater: enough to
// read a delta's size header. Stored and fixed-Huffman deflate blocks (most
// small deltas in a pack) are decoded directly; anything else, or anything
// unexpected, returns nullopt so that the caller inflates with zlib, which
// also reports damage with git's messages.
#include <cstddef>
#include <cstdint>
#include <optional>

namespace grit {

// Decodes up to `want` (<= 64) bytes from the start of the zlib stream at
// `in` into `out`; returns how many were produced, or nullopt.
std::optional<std::size_t> peek_zlib(const std::uint8_t* in, std::size_t in_len, std::uint8_t* out, std::size_t want);

}  // namespace grit
