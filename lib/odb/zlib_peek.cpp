#include "odb/zlib_peek.h"

#include <zlib.h>

namespace grit {

namespace {

// LSB-first bit reader over a bounded buffer; running out is reported by
// `overrun` rather than by reading past the end.
struct Bits {
    const std::uint8_t* p;
    const std::uint8_t* end;
    std::uint32_t acc = 0;
    unsigned count = 0;
    bool overrun = false;

    std::uint32_t take(unsigned n) {
        while (count < n) {
            if (p == end) {
                overrun = true;
                return 0;
            }
            acc |= static_cast<std::uint32_t>(*p++) << count;
            count += 8;
        }
        std::uint32_t v = acc & ((1u << n) - 1);
        acc >>= n;
        count -= n;
        return v;
    }
    // Huffman codes are stored most significant bit first.
    std::uint32_t take_reversed(unsigned n) {
        std::uint32_t v = 0;
        for (unsigned i = 0; i < n; ++i) v = (v << 1) | take(1);
        return v;
    }
    // The next n (<= 24) bits without consuming them, zero past the end.
    std::uint32_t peek(unsigned n) {
        while (count < n && p != end) {
            acc |= static_cast<std::uint32_t>(*p++) << count;
            count += 8;
        }
        return acc & ((1u << n) - 1);
    }
    void skip(unsigned n) {
        if (n > count) {
            overrun = true;
            return;
        }
        acc >>= n;
        count -= n;
    }
    void align() {
        acc >>= count % 8;
        count -= count % 8;
    }
};

constexpr std::uint16_t kLengthBase[29] = {3,  4,  5,  6,  7,  8,  9,  10, 11,  13,  15,  17,  19,  23, 27,
                                           31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258};
constexpr std::uint8_t kLengthExtra[29] = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2,
                                           2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};
constexpr std::uint16_t kDistBase[30] = {1,   2,   3,   4,   5,   7,    9,    13,   17,   25,   33,   49,   65,    97,    129,
                                         193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577};
constexpr std::uint8_t kDistExtra[30] = {0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6,
                                         6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13};

// The fixed literal/length code of RFC 1951 section 3.2.6, as a table
// indexed by the next 9 input bits: symbol and code length.
struct FixedTable {
    std::uint16_t symbol[512];
    std::uint8_t length[512];

    FixedTable() {
        auto add = [&](unsigned first_symbol, unsigned last_symbol, unsigned first_code, unsigned len) {
            for (unsigned sym = first_symbol; sym <= last_symbol; ++sym) {
                unsigned c = first_code + (sym - first_symbol), reversed = 0;
                for (unsigned i = 0; i < len; ++i) reversed |= ((c >> i) & 1) << (len - 1 - i);
                for (unsigned fill = reversed; fill < 512; fill += 1u << len) {
                    symbol[fill] = static_cast<std::uint16_t>(sym);
                    length[fill] = static_cast<std::uint8_t>(len);
                }
            }
        };
        add(0, 143, 0x30, 8);
        add(144, 255, 0x190, 9);
        add(256, 279, 0x00, 7);
        add(280, 287, 0xc0, 8);
    }
};

// -1 on overrun.
int fixed_symbol(Bits& b) {
    static const FixedTable table;
    unsigned bits = b.peek(9);
    b.skip(table.length[bits]);
    return b.overrun ? -1 : table.symbol[bits];
}

// A canonical Huffman code: how many codes have each length, and the
// symbols in code order. Decoded a bit at a time, which is cheap for the
// handful of symbols a delta header needs.
struct Huffman {
    std::uint16_t count[16] = {};
    std::uint16_t symbol[320];  // filled by build(); left alone for fixed blocks

    // False for over-subscribed or incomplete codes: zlib decides those.
    bool build(const std::uint8_t* lengths, unsigned n) {
        for (unsigned i = 0; i < n; ++i) ++count[lengths[i]];
        count[0] = 0;
        int left = 1;
        for (unsigned len = 1; len < 16; ++len) {
            left = left * 2 - count[len];
            if (left < 0) return false;
        }
        if (left != 0) return false;
        std::uint16_t offset[16] = {};
        for (unsigned len = 1; len < 15; ++len) offset[len + 1] = static_cast<std::uint16_t>(offset[len] + count[len]);
        for (unsigned i = 0; i < n; ++i)
            if (lengths[i]) symbol[offset[lengths[i]]++] = static_cast<std::uint16_t>(i);
        return true;
    }

    int decode(Bits& b) const {
        int code = 0, first = 0, index = 0;
        for (unsigned len = 1; len < 16; ++len) {
            code |= static_cast<int>(b.take(1));
            if (b.overrun) return -1;
            int n = count[len];
            if (code - n < first) return symbol[index + (code - first)];
            index += n;
            first = (first + n) << 1;
            code <<= 1;
        }
        return -1;
    }
};

// The code-length code (at most 7 bits) as a lookup table indexed by the
// next 7 input bits, since a dynamic block spends hundreds of its symbols.
struct CodeLengthTable {
    std::uint8_t symbol[128];
    std::uint8_t length[128];

    bool build(const std::uint8_t* lengths) {
        unsigned count[8] = {};
        for (unsigned i = 0; i < 19; ++i) ++count[lengths[i]];
        count[0] = 0;
        int left = 1;
        for (unsigned len = 1; len < 8; ++len) {
            left = left * 2 - static_cast<int>(count[len]);
            if (left < 0) return false;
        }
        if (left != 0) return false;
        unsigned next[8] = {};
        unsigned code = 0;
        for (unsigned len = 1; len < 8; ++len) {
            code = (code + count[len - 1]) << 1;
            next[len] = code;
        }
        for (unsigned sym = 0; sym < 19; ++sym) {
            unsigned len = lengths[sym];
            if (!len) continue;
            unsigned c = next[len]++, reversed = 0;
            for (unsigned i = 0; i < len; ++i) reversed |= ((c >> i) & 1) << (len - 1 - i);
            for (unsigned fill = reversed; fill < 128; fill += 1u << len) {
                symbol[fill] = static_cast<std::uint8_t>(sym);
                length[fill] = static_cast<std::uint8_t>(len);
            }
        }
        return true;
    }

    int decode(Bits& b) const {
        unsigned bits = b.peek(7);
        b.skip(length[bits]);
        return b.overrun ? -1 : symbol[bits];
    }
};

// Reads the code tables of a dynamic block (RFC 1951 section 3.2.7).
bool read_dynamic_tables(Bits& b, Huffman& lit, Huffman& dist) {
    static constexpr std::uint8_t order[19] = {16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15};
    unsigned nlit = b.take(5) + 257, ndist = b.take(5) + 1, ncode = b.take(4) + 4;
    if (b.overrun || nlit > 286 || ndist > 30) return false;
    std::uint8_t lengths[320] = {};
    for (unsigned i = 0; i < ncode; ++i) lengths[order[i]] = static_cast<std::uint8_t>(b.take(3));
    CodeLengthTable code_lengths;
    if (b.overrun || !code_lengths.build(lengths)) return false;
    unsigned i = 0;
    while (i < nlit + ndist) {
        int sym = code_lengths.decode(b);
        if (sym < 0) return false;
        if (sym < 16) {
            lengths[i++] = static_cast<std::uint8_t>(sym);
            continue;
        }
        std::uint8_t value = 0;
        unsigned repeat;
        if (sym == 16) {
            if (i == 0) return false;
            value = lengths[i - 1];
            repeat = 3 + b.take(2);
        } else if (sym == 17) {
            repeat = 3 + b.take(3);
        } else {
            repeat = 11 + b.take(7);
        }
        if (b.overrun || i + repeat > nlit + ndist) return false;
        while (repeat--) lengths[i++] = value;
    }
    if (lengths[256] == 0) return false;
    return lit.build(lengths, nlit) && dist.build(lengths + nlit, ndist);
}

// The Adler-32 trailer after the last block (after align()).
bool checksum_matches(Bits& b, const std::uint8_t* data, std::size_t len) {
    std::uint32_t stored = 0;
    for (int i = 0; i < 4; ++i) stored = (stored << 8) | b.take(8);
    if (b.overrun) return false;
    return stored == adler32(adler32(0, nullptr, 0), data, static_cast<uInt>(len));
}

}  // namespace

std::optional<std::size_t> peek_zlib(const std::uint8_t* in, std::size_t in_len, std::uint8_t* out, std::size_t want,
                                     bool whole) {
    if (in_len < 2 || want > 64) return std::nullopt;
    unsigned cmf = in[0], flg = in[1];
    if ((cmf & 0x0f) != 8 || (cmf >> 4) > 7 || ((cmf << 8) | flg) % 31 != 0 || (flg & 0x20)) return std::nullopt;
    Bits b{in + 2, in + in_len};
    std::size_t produced = 0;
    const bool final_block = b.take(1);
    std::uint32_t type = b.take(2);
    if (b.overrun) return std::nullopt;
    if (type == 0) {
        b.align();
        std::uint32_t len = b.take(16), nlen = b.take(16);
        if (b.overrun || (len ^ 0xffff) != nlen) return std::nullopt;
        if (len < want || (whole && (len != want || !final_block))) return std::nullopt;
        if (static_cast<std::size_t>(b.end - b.p) < want) return std::nullopt;
        for (std::size_t i = 0; i < want; ++i) out[i] = b.p[i];
        b.p += want;
        if (whole && !checksum_matches(b, out, want)) return std::nullopt;
        return want;
    }
    if (type == 3) return std::nullopt;
    const bool dynamic = type == 2;
    Huffman lit, dist;
    if (dynamic && !read_dynamic_tables(b, lit, dist)) return std::nullopt;
    while (produced < want) {
        int sym = dynamic ? lit.decode(b) : fixed_symbol(b);
        if (sym < 0) return std::nullopt;
        if (b.overrun || sym > 285) return std::nullopt;
        if (sym < 256) {
            out[produced++] = static_cast<std::uint8_t>(sym);
            continue;
        }
        if (sym == 256) return std::nullopt;  // the block ends before `want` bytes
        unsigned li = static_cast<unsigned>(sym - 257);
        std::size_t length = kLengthBase[li] + b.take(kLengthExtra[li]);
        int dsym = dynamic ? dist.decode(b) : static_cast<int>(b.take_reversed(5));
        if (b.overrun || dsym < 0 || dsym >= 30) return std::nullopt;
        auto dcode = static_cast<unsigned>(dsym);
        std::size_t distance = kDistBase[dcode] + b.take(kDistExtra[dcode]);
        if (b.overrun || distance > produced) return std::nullopt;
        if (whole && produced + length > want) return std::nullopt;
        for (std::size_t i = 0; i < length && produced < want; ++i, ++produced) out[produced] = out[produced - distance];
    }
    if (whole) {
        int end = dynamic ? lit.decode(b) : fixed_symbol(b);
        if (end != 256 || !final_block) return std::nullopt;
        b.align();
        if (!checksum_matches(b, out, want)) return std::nullopt;
    }
    return produced;
}

}  // namespace grit
