#pragma once
// Delta encoder producing git's delta format (see apply.h): a DeltaIndex
// hashes 16-byte blocks of a source once; encode_delta then scans a target,
// looks 16-byte windows up in the index, extends verified matches forwards
// and backwards, and emits copy instructions (at most 0x10000 bytes each) for
// matches and insert instructions (at most 127 bytes each) for the rest.
//
// Cost is linear in the target for any input: identical consecutive source
// blocks are indexed once, at most 64 candidates are tried per position, and a
// search stops at the first match of 4096 bytes or more.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace grit {

class DeltaIndex {
public:
    // Keeps a view: `source` must outlive the index. Only the first 4 GiB of a
    // larger source are indexed (copy offsets are 32-bit).
    explicit DeltaIndex(std::string_view source);

    std::string_view source() const { return source_; }
    // Bytes held by the index itself (not the source), for --window-memory.
    std::size_t memory_size() const;

    // Which source positions are indexed (every `source`-th) and which target
    // positions are looked up (every `target`-th from the end of the last
    // match, and the last window). The two are coprime with source * target
    // <= 12, so any common run of 27 bytes or more is found (and extended
    // backwards to its start); git's full scan of a 16-stride index
    // guarantees 31. Small sources are indexed densely and the target sampled
    // sparsely, as each source serves a window of targets; larger ones less
    // densely, to bound memory.
    struct Strides {
        unsigned source, target;
    };
    static Strides strides_for(std::size_t source_size);
    Strides strides() const { return strides_; }

    // Implementation interface for the encoder: the indexed positions whose
    // hash falls in a bucket form a chain, in ascending offset order, of
    // 1-based position numbers ending in 0.
    static constexpr std::size_t block_size = 16;
    int hash_shift() const { return hash_shift_; }
    std::uint32_t chain_head(std::size_t bucket) const { return head_[bucket]; }
    std::uint32_t chain_next(std::uint32_t position) const { return next_[position - 1]; }
    std::size_t offset_of(std::uint32_t position) const { return std::size_t{position - 1} * strides_.source; }
    bool empty() const { return !head_; }

private:
    std::string_view source_;
    Strides strides_;
    int hash_shift_ = 63;
    std::size_t buckets_ = 0, positions_ = 0;
    std::unique_ptr<std::uint32_t[]> head_;
    std::unique_ptr<std::uint32_t[]> next_;
};

// Appends to `out` a delta turning index.source() into `target`. Returns
// false, with `out` unspecified, when the delta would exceed `max_size` bytes
// (0: no limit); encoding stops as soon as that is certain.
bool encode_delta(const DeltaIndex& index, std::string_view target, std::size_t max_size, std::string& out);

}  // namespace grit
