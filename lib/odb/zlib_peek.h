#pragma once
// The first few bytes of a zlib stream without a zlib inflater: enough to
// read a delta's size header. The first deflate block (stored, fixed or
// dynamic Huffman) is decoded directly; anything unexpected (a block ending
// early, an invalid code, running out of input) returns nullopt so that the
// caller inflates with zlib, which also reports damage with git's messages.
#include <cstddef>
#include <cstdint>
#include <optional>

namespace grit {

// Decodes `want` (<= 64) bytes from the start of the zlib stream at `in`
// into `out`; returns how many were produced, or nullopt. When `whole`, those
// bytes are the entire stream, which must then end there with a matching
// Adler-32, as zlib would check on its way.
std::optional<std::size_t> peek_zlib(const std::uint8_t* in, std::size_t in_len, std::uint8_t* out, std::size_t want,
                                     bool whole);

}  // namespace grit
