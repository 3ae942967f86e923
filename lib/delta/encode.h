#pragma once
// Delta encoder producing git's delta format (see apply.h): a DeltaIndex
// hashes the 16-byte blocks of a source once; encode_delta then scans a target,
// looks each 16-byte window up in the index, extends verified matches forwards
// and backwards, and emits copy instructions (at most 0x10000 bytes each) for
// matches and insert instructions (at most 127 bytes each) for the rest.
//
// Cost is linear in the target for any input: identical consecutive source
// blocks are indexed once, each hash bucket keeps at most 64 evenly spread
// blocks, and a search stops at the first match of 4096 bytes or more.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace grit {

class DeltaIndex {
public:
    // Keeps a view: `source` must outlive the index. Only the first 4 GiB of a
    // larger source are indexed (copy offsets are 32-bit).
    explicit DeltaIndex(std::string_view source);

    std::string_view source() const { return source_; }
    // Bytes held by the index itself (not the source), for --window-memory.
    std::size_t memory_size() const;

    // Implementation interface for the encoder.
    struct Block {
        std::uint32_t offset;  // start of the 16-byte block in the source
        std::uint32_t check;   // low bits of the block's hash, to skip most mismatches
    };
    static constexpr std::size_t block_size = 16;
    int hash_shift() const { return hash_shift_; }
    // Blocks whose hash falls in `bucket`: [first, last).
    const Block* bucket_begin(std::size_t bucket) const { return blocks_.data() + bucket_start_[bucket]; }
    const Block* bucket_end(std::size_t bucket) const { return blocks_.data() + bucket_start_[bucket + 1]; }
    bool empty() const { return blocks_.empty(); }

private:
    std::string_view source_;
    int hash_shift_ = 63;
    std::vector<std::uint32_t> bucket_start_;
    std::vector<Block> blocks_;
};

// Appends to `out` a delta turning index.source() into `target`. Returns
// false, with `out` unspecified, when the delta would exceed `max_size` bytes
// (0: no limit); encoding stops as soon as that is certain.
bool encode_delta(const DeltaIndex& index, std::string_view target, std::size_t max_size, std::string& out);

}  // namespace grit
