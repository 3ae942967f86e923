#include <zlib.h>

#include <catch2/catch.hpp>
#include <random>
#include <string>

#include "odb/zlib_peek.h"

using namespace grit;

namespace {

std::string deflate_with(const std::string& data, int level, int strategy) {
    z_stream s{};
    deflateInit2(&s, level, Z_DEFLATED, 15, 8, strategy);
    std::string out(deflateBound(&s, data.size()) + 16, '\0');
    s.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    s.avail_in = static_cast<uInt>(data.size());
    s.next_out = reinterpret_cast<Bytef*>(out.data());
    s.avail_out = static_cast<uInt>(out.size());
    deflate(&s, Z_FINISH);
    out.resize(s.total_out);
    deflateEnd(&s);
    return out;
}

}  // namespace

TEST_CASE("zlib peek: first bytes of stored, fixed and dynamic Huffman streams match zlib") {
    std::mt19937 rng(7);
    int decoded = 0;
    for (int round = 0; round < 2000; ++round) {
        std::string data;
        std::size_t len = 1 + rng() % (round % 4 == 1 ? 5000 : 200);
        // Repetitive data gives back-references, random data literals.
        for (std::size_t i = 0; i < len; ++i)
            data += static_cast<char>(round % 2 ? "abcabcab"[i % 8] + (rng() % 7 == 0) : rng() % 256);
        int level = round % 3 == 0 ? 0 : 6;
        std::string z = deflate_with(data, level, round % 5 == 0 ? Z_DEFAULT_STRATEGY : Z_FIXED);
        std::uint8_t out[20];
        std::size_t want = std::min<std::size_t>(20, data.size());
        auto got = peek_zlib(reinterpret_cast<const std::uint8_t*>(z.data()), z.size(), out, want);
        if (!got) continue;
        ++decoded;
        REQUIRE(*got == want);
        REQUIRE(std::string(reinterpret_cast<char*>(out), want) == data.substr(0, want));
    }
    CHECK(decoded > 1800);
}

TEST_CASE("zlib peek: damaged or truncated input is left to zlib") {
    std::string z = deflate_with(std::string(100, 'x'), 6, Z_FIXED);
    std::uint8_t out[20];
    CHECK_FALSE(peek_zlib(reinterpret_cast<const std::uint8_t*>(z.data()), 1, out, 20));
    std::string bad = z;
    bad[0] = 0x79;  // not deflate with a valid check
    CHECK_FALSE(peek_zlib(reinterpret_cast<const std::uint8_t*>(bad.data()), bad.size(), out, 20));
    CHECK_FALSE(peek_zlib(reinterpret_cast<const std::uint8_t*>(z.data()), 3, out, 20));
}
