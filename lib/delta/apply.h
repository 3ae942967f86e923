#pragma once
// git's delta format (gitformat-pack "Deltified representation"): two varints
// (base size, result size), then instructions. A copy instruction (high bit
// set) names up to 4 offset bytes and 3 size bytes by its low 7 bits, size 0
// meaning 0x10000; an insert instruction (1..127) is followed by that many
// literal bytes; opcode 0 is reserved. Any violation throws CorruptData.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace grit {

struct DeltaHeader {
    std::uint64_t base_size = 0;
    std::uint64_t result_size = 0;
    std::size_t header_len = 0;  // bytes taken by the two varints
};

// Reads the two size varints. Throws CorruptData if they run past `len`.
DeltaHeader read_delta_header(const std::uint8_t* delta, std::size_t len);

// Applies `delta` to `base`, replacing `out` with exactly the result. Throws
// CorruptData when the base size differs from the header, a copy reaches
// outside the base, an opcode is 0, or the output size does not match.
void apply_delta(std::string_view base, std::string_view delta, std::string& out);
std::string apply_delta(std::string_view base, std::string_view delta);

}  // namespace grit
