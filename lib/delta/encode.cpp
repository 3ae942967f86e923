#include "delta/encode.h"

#include <algorithm>
#include <bit>
#include <cstring>
#include <limits>

namespace grit {

namespace {

constexpr std::size_t kBlock = DeltaIndex::block_size;
// Candidates tried per target position: bounds the work on repetitive input.
constexpr unsigned kChainLimit = 64;
// A match this long is good enough: stop looking at other candidates.
constexpr std::size_t kGoodMatch = 4096;
constexpr std::size_t kMaxCopy = 0x10000;
constexpr std::size_t kMaxInsert = 0x7f;
// Copy offsets are 32-bit.
constexpr std::size_t kMaxSource = std::numeric_limits<std::uint32_t>::max();

inline std::uint64_t load64(const unsigned char* p) {
    std::uint64_t v;
    std::memcpy(&v, p, sizeof v);
    return v;
}

// Hash of the 16 bytes at p; every byte influences the high bits (the bucket).
inline std::uint64_t block_hash(const unsigned char* p) {
    std::uint64_t h = load64(p) * 0x9E3779B97F4A7C15ull ^ load64(p + 8);
    return h * 0xC2B2AE3D27D4EB4Full;
}

// Number of equal leading bytes of a and b, at most n.
inline std::size_t common_prefix(const unsigned char* a, const unsigned char* b, std::size_t n) {
    std::size_t i = 0;
    while (i + 8 <= n) {
        std::uint64_t diff = load64(a + i) ^ load64(b + i);
        if (diff) {
            // The first differing byte is the lowest one in memory order.
            int bits = std::endian::native == std::endian::little ? std::countr_zero(diff) : std::countl_zero(diff);
            return i + (bits >> 3);
        }
        i += 8;
    }
    while (i < n && a[i] == b[i]) ++i;
    return i;
}

// Grows `out` geometrically and writes through a raw cursor; `finish` trims.
class DeltaWriter {
public:
    explicit DeltaWriter(std::string& out) : out_(out), start_(out.size()), pos_(out.size()) {}

    std::size_t written() const { return pos_ - start_; }

    void varint(std::uint64_t v) {
        reserve(10);
        unsigned char* p = data();
        do {
            unsigned char c = v & 0x7f;
            v >>= 7;
            if (v) c |= 0x80;
            *p++ = c;
        } while (v);
        pos_ = p - base();
    }

    void insert(const unsigned char* bytes, std::size_t n) {
        reserve(n + n / kMaxInsert + 1);
        unsigned char* p = data();
        while (n) {
            std::size_t chunk = std::min(n, kMaxInsert);
            *p++ = static_cast<unsigned char>(chunk);
            std::memcpy(p, bytes, chunk);
            p += chunk;
            bytes += chunk;
            n -= chunk;
        }
        pos_ = p - base();
    }

    void copy(std::uint64_t offset, std::size_t n) {
        reserve((n / kMaxCopy + 1) * 7);
        unsigned char* p = data();
        while (n) {
            std::size_t chunk = std::min(n, kMaxCopy);
            unsigned char* op = p++;
            unsigned char code = 0x80;
            for (int i = 0; i < 4; ++i) {
                unsigned char b = (offset >> (8 * i)) & 0xff;
                if (b) {
                    code |= 1u << i;
                    *p++ = b;
                }
            }
            // A size of 0x10000 is encoded as no size bytes.
            if (chunk != kMaxCopy) {
                for (int i = 0; i < 2; ++i) {
                    unsigned char b = (chunk >> (8 * i)) & 0xff;
                    if (b) {
                        code |= 0x10u << i;
                        *p++ = b;
                    }
                }
            }
            *op = code;
            offset += chunk;
            n -= chunk;
        }
        pos_ = p - base();
    }

    void finish() { out_.resize(pos_); }

private:
    unsigned char* base() { return reinterpret_cast<unsigned char*>(out_.data()); }
    unsigned char* data() { return base() + pos_; }
    void reserve(std::size_t n) {
        if (pos_ + n > out_.size()) out_.resize(std::max(pos_ + n, out_.size() * 2 + 64));
    }

    std::string& out_;
    std::size_t start_;
    std::size_t pos_;
};

// Longest literal run that still fits in `room` bytes of delta.
std::size_t literal_fitting(std::size_t room) {
    std::size_t n = room - (room + kMaxInsert) / (kMaxInsert + 1);
    while (n + (n + kMaxInsert - 1) / kMaxInsert > room) --n;
    return n;
}

}  // namespace

DeltaIndex::Strides DeltaIndex::strides_for(std::size_t source_size) {
    // Index memory is 6, 3, 1.5 and 0.75 bytes per source byte.
    if (source_size <= (128u << 10)) return {1, 8};
    if (source_size <= (1u << 20)) return {2, 5};
    if (source_size <= (32u << 20)) return {4, 3};
    return {8, 1};
}

DeltaIndex::DeltaIndex(std::string_view source) : source_(source), strides_(strides_for(source.size())) {
    std::size_t indexed = std::min(source.size(), kMaxSource);
    if (indexed < kBlock) return;
    const std::size_t stride = strides_.source;
    positions_ = (indexed - kBlock) / stride + 1;

    // About two positions per bucket: chains are short and the table small.
    int bits = 4;
    while ((std::size_t{2} << bits) < positions_) ++bits;
    hash_shift_ = 64 - bits;
    buckets_ = std::size_t{1} << bits;
    head_.reset(new std::uint32_t[buckets_]());
    next_.reset(new std::uint32_t[positions_]);

    // From the end, so that each chain ends up in ascending offset order. Of
    // a run of identical blocks only the first is linked.
    auto src = reinterpret_cast<const unsigned char*>(source.data());
    std::uint64_t h = block_hash(src + (positions_ - 1) * stride);
    for (std::size_t i = positions_; i-- > 0;) {
        const unsigned char* p = src + i * stride;
        std::uint64_t lower = i ? block_hash(p - stride) : ~h;
        if (lower == h && std::memcmp(p, p - stride, kBlock) == 0) {
            next_[i] = 0;
        } else {
            std::uint32_t& head = head_[h >> hash_shift_];
            next_[i] = head;
            head = static_cast<std::uint32_t>(i + 1);
        }
        h = lower;
    }
}

std::size_t DeltaIndex::memory_size() const {
    return sizeof(*this) + (buckets_ + positions_) * sizeof(std::uint32_t);
}

bool encode_delta(const DeltaIndex& index, std::string_view target, std::size_t max_size, std::string& out) {
    const auto src = reinterpret_cast<const unsigned char*>(index.source().data());
    const std::size_t src_len = std::min(index.source().size(), kMaxSource);
    const auto tgt = reinterpret_cast<const unsigned char*>(target.data());
    const std::size_t tgt_len = target.size();

    DeltaWriter w(out);
    w.varint(index.source().size());
    w.varint(tgt_len);
    const std::size_t no_limit = std::numeric_limits<std::size_t>::max();
    if (max_size == 0) max_size = no_limit;
    if (w.written() > max_size) return false;

    std::size_t literal_start = 0;
    std::size_t literal_max = max_size == no_limit ? no_limit : literal_fitting(max_size - w.written());
    std::size_t t = 0;
    if (!index.empty()) {
        const int shift = index.hash_shift();
        const std::size_t step = index.strides().target;
        while (t + kBlock <= tgt_len) {
            std::uint64_t h = block_hash(tgt + t);
            std::size_t best_len = 0, best_off = 0;
            unsigned tries = kChainLimit;
            for (std::uint32_t pos = index.chain_head(h >> shift); pos && tries; pos = index.chain_next(pos), --tries) {
                std::size_t off = index.offset_of(pos);
                std::size_t limit = std::min(src_len - off, tgt_len - t);
                std::size_t len = common_prefix(src + off, tgt + t, limit);
                if (len < kBlock) continue;
                if (len > best_len) {
                    best_len = len;
                    best_off = off;
                    if (len >= kGoodMatch) break;
                }
            }
            if (best_len == 0) {
                // The last window of the target is always looked up.
                if (t + step + kBlock > tgt_len && t + kBlock < tgt_len) t = tgt_len - kBlock;
                else t += step;
                // A later match may still reclaim the bytes of one window
                // plus one block alignment by extending backwards.
                if (t - literal_start > literal_max && t - literal_start - literal_max > 2 * kBlock) return false;
                continue;
            }
            // Extend the match backwards over the pending literal bytes.
            while (t > literal_start && best_off > 0 && src[best_off - 1] == tgt[t - 1]) {
                --t;
                --best_off;
                ++best_len;
            }
            w.insert(tgt + literal_start, t - literal_start);
            w.copy(best_off, best_len);
            if (w.written() > max_size) return false;
            t += best_len;
            literal_start = t;
            if (max_size != no_limit) literal_max = literal_fitting(max_size - w.written());
        }
    }
    if (tgt_len - literal_start > literal_max) return false;
    w.insert(tgt + literal_start, tgt_len - literal_start);
    w.finish();
    return w.written() <= max_size;
}

}  // namespace grit
