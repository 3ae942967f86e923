#include "odb/zlib_peek.h"

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

// The fixed literal/length code of RFC 1951 section 3.2.6; -1 on overrun.
int fixed_symbol(Bits& b) {
    std::uint32_t code = b.take_reversed(7);
    if (code <= 0x17) return static_cast<int>(256 + code);
    code = (code << 1) | b.take(1);
    if (code >= 0x30 && code <= 0xbf) return static_cast<int>(code - 0x30);
    if (code >= 0xc0 && code <= 0xc7) return static_cast<int>(280 + code - 0xc0);
    code = (code << 1) | b.take(1);
    return static_cast<int>(144 + code - 0x190);
}

}  // namespace

std::optional<std::size_t> peek_zlib(const std::uint8_t* in, std::size_t in_len, std::uint8_t* out, std::size_t want) {
    if (in_len < 2 || want > 64) return std::nullopt;
    unsigned cmf = in[0], flg = in[1];
    if ((cmf & 0x0f) != 8 || (cmf >> 4) > 7 || ((cmf << 8) | flg) % 31 != 0 || (flg & 0x20)) return std::nullopt;
    Bits b{in + 2, in + in_len};
    std::size_t produced = 0;
    b.take(1);  // BFINAL: a block that ends early falls back to zlib either way
    std::uint32_t type = b.take(2);
    if (b.overrun) return std::nullopt;
    if (type == 0) {
        b.align();
        std::uint32_t len = b.take(16), nlen = b.take(16);
        if (b.overrun || (len ^ 0xffff) != nlen) return std::nullopt;
        if (len < want) return std::nullopt;
        if (static_cast<std::size_t>(b.end - b.p) < want) return std::nullopt;
        for (std::size_t i = 0; i < want; ++i) out[i] = b.p[i];
        return want;
    }
    if (type != 1) return std::nullopt;
    while (produced < want) {
        int sym = fixed_symbol(b);
        if (b.overrun || sym > 285) return std::nullopt;
        if (sym < 256) {
            out[produced++] = static_cast<std::uint8_t>(sym);
            continue;
        }
        if (sym == 256) return std::nullopt;  // the block ends before `want` bytes
        unsigned li = static_cast<unsigned>(sym - 257);
        std::size_t length = kLengthBase[li] + b.take(kLengthExtra[li]);
        std::uint32_t dcode = b.take_reversed(5);
        if (b.overrun || dcode >= 30) return std::nullopt;
        std::size_t distance = kDistBase[dcode] + b.take(kDistExtra[dcode]);
        if (b.overrun || distance > produced) return std::nullopt;
        for (std::size_t i = 0; i < length && produced < want; ++i, ++produced) out[produced] = out[produced - distance];
    }
    return produced;
}

}  // namespace grit
