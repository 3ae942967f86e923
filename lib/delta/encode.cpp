#include "delta/encode.h"

#include <algorithm>
#include <bit>
#include <cstring>
#include <limits>

namespace grit {

namespace {

constexpr std::size_t kBlock = DeltaIndex::block_size;
// Blocks kept per bucket: bounds the work per target position on repetitive input.
constexpr std::uint32_t kBucketLimit = 64;
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

// Hash of the 16 bytes at p; every byte influences the high bits (bucket) and
// the check value.
inline std::uint64_t block_hash(const unsigned char* p) {
    std::uint64_t h = load64(p) * 0x9E3779B97F4A7C15ull ^ load64(p + 8);
    return h * 0xC2B2AE3D27D4EB4Full;
}

inline std::uint32_t block_check(std::uint64_t h) {
    return static_cast<std::uint32_t>(h) ^ static_cast<std::uint32_t>(h >> 32);
}

// Number of equal leading bytes of a and b, at most n.
inline std::size_t common_prefix(const unsigned char* a, const unsigned char* b, std::size_t n) {
    std::size_t i = 0;
    while (i + 8 <= n) {
        std::uint64_t diff = load64(a + i) ^ load64(b + i);
        if (diff) return i + (std::countr_zero(diff) >> 3);
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

DeltaIndex::DeltaIndex(std::string_view source) : source_(source) {
    std::size_t indexed = std::min(source.size(), kMaxSource);
    std::size_t count = indexed / kBlock;
    if (count == 0) return;

    int bits = 4;
    while ((std::size_t{1} << bits) < count) ++bits;
    hash_shift_ = 64 - bits;
    std::size_t buckets = std::size_t{1} << bits;

    auto src = reinterpret_cast<const unsigned char*>(source.data());
    std::vector<std::uint64_t> hashes(count);
    std::vector<std::uint32_t> counts(buckets, 0);
    std::vector<bool> duplicate(count, false);
    std::uint64_t previous = 0;
    for (std::size_t i = 0; i < count; ++i) {
        std::uint64_t h = block_hash(src + i * kBlock);
        // A run of identical blocks is indexed once, by its first block.
        if (i > 0 && h == previous && std::memcmp(src + i * kBlock, src + (i - 1) * kBlock, kBlock) == 0) {
            duplicate[i] = true;
            continue;
        }
        previous = h;
        hashes[i] = h;
        counts[h >> hash_shift_]++;
    }
    // Bucket starts, with each bucket capped at kBucketLimit.
    bucket_start_.assign(buckets + 1, 0);
    std::uint32_t total = 0;
    for (std::size_t b = 0; b < buckets; ++b) {
        bucket_start_[b] = total;
        total += std::min(counts[b], kBucketLimit);
    }
    bucket_start_[buckets] = total;
    blocks_.resize(total);

    // Fill in ascending offset order; an over-full bucket keeps blocks evenly
    // spread over its range (the seen-th block of n is kept when it crosses
    // the next multiple of n / kBucketLimit).
    std::vector<std::uint32_t> seen(buckets, 0);
    for (std::size_t i = 0; i < count; ++i) {
        if (duplicate[i]) continue;
        std::uint64_t h = hashes[i];
        std::size_t b = h >> hash_shift_;
        std::uint32_t n = counts[b];
        std::uint32_t k = seen[b]++;
        std::uint32_t slot;
        if (n <= kBucketLimit) {
            slot = k;
        } else {
            // keep block k if it is the first with floor(k * limit / n) == j
            std::uint64_t j = std::uint64_t{k} * kBucketLimit / n;
            if (k != 0 && std::uint64_t{k - 1} * kBucketLimit / n == j) continue;
            slot = static_cast<std::uint32_t>(j);
        }
        blocks_[bucket_start_[b] + slot] = Block{static_cast<std::uint32_t>(i * kBlock), block_check(h)};
    }
}

std::size_t DeltaIndex::memory_size() const {
    return sizeof(*this) + bucket_start_.capacity() * sizeof(std::uint32_t) + blocks_.capacity() * sizeof(Block);
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
        while (t + kBlock <= tgt_len) {
            std::uint64_t h = block_hash(tgt + t);
            std::uint32_t check = block_check(h);
            std::size_t bucket = h >> shift;
            std::size_t best_len = 0, best_off = 0;
            for (auto* b = index.bucket_begin(bucket), *e = index.bucket_end(bucket); b != e; ++b) {
                if (b->check != check) continue;
                std::size_t off = b->offset;
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
                ++t;
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
