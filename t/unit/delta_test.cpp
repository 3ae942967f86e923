#include <catch2/catch.hpp>

#include <string>

#include "delta/apply.h"
#include "util/error.h"

using grit::apply_delta;
using grit::CorruptData;

namespace {

std::string varint(std::uint64_t v) {
    std::string out;
    do {
        std::uint8_t c = v & 0x7f;
        v >>= 7;
        if (v) c |= 0x80;
        out.push_back(static_cast<char>(c));
    } while (v);
    return out;
}

std::string header(std::uint64_t base, std::uint64_t result) { return varint(base) + varint(result); }

// A copy instruction with explicit offset and size bytes (only non-zero ones encoded).
std::string copy(std::uint32_t offset, std::uint32_t size) {
    std::string args;
    std::uint8_t op = 0x80;
    for (int i = 0; i < 4; ++i)
        if ((offset >> (8 * i)) & 0xff) {
            op |= 1u << i;
            args.push_back(static_cast<char>((offset >> (8 * i)) & 0xff));
        }
    for (int i = 0; i < 3; ++i)
        if ((size >> (8 * i)) & 0xff) {
            op |= 0x10u << i;
            args.push_back(static_cast<char>((size >> (8 * i)) & 0xff));
        }
    return std::string(1, static_cast<char>(op)) + args;
}

std::string insert(const std::string& bytes) { return std::string(1, static_cast<char>(bytes.size())) + bytes; }

}  // namespace

TEST_CASE("delta header sizes are varints", "[delta]") {
    std::string d = header(300, 70000);
    auto h = grit::read_delta_header(reinterpret_cast<const std::uint8_t*>(d.data()), d.size());
    CHECK(h.base_size == 300);
    CHECK(h.result_size == 70000);
    CHECK(h.header_len == d.size());
    CHECK_THROWS_AS(grit::read_delta_header(reinterpret_cast<const std::uint8_t*>(d.data()), 1), CorruptData);
}

TEST_CASE("copy and insert instructions rebuild the result", "[delta]") {
    std::string base = "hello, world";
    std::string d = header(base.size(), 17) + copy(7, 5) + insert(" and ") + copy(0, 5) + insert("!!");
    CHECK(apply_delta(base, d) == "world and hello!!");
}

TEST_CASE("copy size 0 means 0x10000 and offsets use all four bytes", "[delta]") {
    std::string base(0x20000, 'a');
    for (std::size_t i = 0; i < base.size(); ++i) base[i] = static_cast<char>(i * 7);
    std::string d = header(base.size(), 0x10000 + 3) + copy(0x10000, 0) + copy(0x1fffd, 3);
    std::string out = apply_delta(base, d);
    REQUIRE(out.size() == 0x10003);
    CHECK(out.substr(0, 0x10000) == base.substr(0x10000, 0x10000));
    CHECK(out.substr(0x10000) == base.substr(0x1fffd, 3));
}

TEST_CASE("an empty result and an empty base are valid", "[delta]") {
    CHECK(apply_delta("", header(0, 0)).empty());
    CHECK(apply_delta("", header(0, 3) + insert("abc")) == "abc");
}

TEST_CASE("malformed deltas throw CorruptData", "[delta]") {
    std::string base = "0123456789";
    SECTION("opcode 0 is reserved") {
        CHECK_THROWS_WITH(apply_delta(base, header(10, 1) + std::string(1, '\0') + insert("x")),
                          "unexpected delta opcode 0");
    }
    SECTION("copy beyond the base") {
        CHECK_THROWS_AS(apply_delta(base, header(10, 5) + copy(8, 5)), CorruptData);
    }
    SECTION("result longer than announced") {
        CHECK_THROWS_AS(apply_delta(base, header(10, 2) + copy(0, 3)), CorruptData);
    }
    SECTION("result shorter than announced") {
        CHECK_THROWS_AS(apply_delta(base, header(10, 4) + copy(0, 3)), CorruptData);
    }
    SECTION("base size mismatch") {
        CHECK_THROWS_AS(apply_delta(base, header(9, 3) + copy(0, 3)), CorruptData);
    }
    SECTION("insert running past the end") {
        std::string d = header(10, 5) + std::string(1, '\x05') + "ab";
        CHECK_THROWS_AS(apply_delta(base, d), CorruptData);
    }
    SECTION("copy arguments truncated") {
        std::string d = header(10, 5) + std::string(1, static_cast<char>(0x91));
        CHECK_THROWS_AS(apply_delta(base, d), CorruptData);
    }
    SECTION("huge announced result does not allocate") {
        CHECK_THROWS_AS(apply_delta(base, header(10, std::uint64_t(1) << 60) + copy(0, 3)), CorruptData);
    }
}
