#include <catch2/catch.hpp>

#include <random>
#include <string>

#include "delta/apply.h"
#include "delta/encode.h"

using grit::apply_delta;
using grit::DeltaIndex;
using grit::encode_delta;

namespace {

std::string random_bytes(std::mt19937& rng, std::size_t n) {
    std::string s(n, '\0');
    for (auto& c : s) c = static_cast<char>(rng());
    return s;
}

// Lines of words: text-like content with realistic repetition.
std::string random_text(std::mt19937& rng, std::size_t n) {
    static const char* words[] = {"int", "return", "if", "(x)", "{", "}", "foo", "bar_baz", "while", "0;", "++i", "//"};
    std::string s;
    while (s.size() < n) {
        s += words[rng() % 12];
        s += (rng() % 8 == 0) ? '\n' : ' ';
    }
    s.resize(n);
    return s;
}

// Random insertions, deletions and replacements of short runs.
std::string edit(std::mt19937& rng, std::string s, int edits) {
    for (int i = 0; i < edits; ++i) {
        std::size_t pos = s.empty() ? 0 : rng() % s.size();
        std::size_t len = rng() % 40;
        switch (rng() % 3) {
        case 0: s.insert(pos, random_bytes(rng, len)); break;
        case 1: s.erase(pos, len); break;
        default: s.replace(pos, std::min(len, s.size() - pos), random_bytes(rng, len)); break;
        }
    }
    return s;
}

std::string delta_of(std::string_view source, std::string_view target, std::size_t max_size = 0) {
    DeltaIndex index(source);
    std::string out;
    REQUIRE(encode_delta(index, target, max_size, out));
    return out;
}

void check_round_trip(std::string_view source, std::string_view target) {
    std::string delta = delta_of(source, target);
    CHECK(apply_delta(source, delta) == target);
}

// Walks the opcodes, checking git's limits: inserts 1..127, copies <= 0x10000.
void check_opcode_limits(std::string_view delta) {
    auto header = grit::read_delta_header(reinterpret_cast<const std::uint8_t*>(delta.data()), delta.size());
    std::size_t i = header.header_len;
    while (i < delta.size()) {
        auto op = static_cast<std::uint8_t>(delta[i++]);
        REQUIRE(op != 0);
        if (op & 0x80) {
            std::uint32_t size = 0;
            for (int b = 0; b < 4; ++b)
                if (op & (1u << b)) ++i;
            for (int b = 0; b < 3; ++b)
                if (op & (0x10u << b)) size |= static_cast<std::uint32_t>(static_cast<std::uint8_t>(delta[i++])) << (8 * b);
            CHECK((op & 0x40) == 0);
            if (size == 0) size = 0x10000;
            CHECK(size <= 0x10000);
        } else {
            CHECK(op <= 127);
            i += op;
        }
    }
    CHECK(i == delta.size());
}

}  // namespace

TEST_CASE("encode_delta round trips empty inputs", "[delta]") {
    check_round_trip("", "");
    check_round_trip("", "some new content that is entirely inserted");
    check_round_trip("a source that is entirely dropped", "");
    check_round_trip("short", "shorter");
    // Header only: base size and result size.
    CHECK(delta_of("", "") == std::string("\0\0", 2));
}

TEST_CASE("encode_delta round trips random and edited inputs", "[delta]") {
    std::mt19937 rng(42);
    for (int round = 0; round < 60; ++round) {
        std::size_t n = rng() % 20000;
        std::string source = round % 2 ? random_bytes(rng, n) : random_text(rng, n);
        std::string target = edit(rng, source, 1 + rng() % 30);
        check_round_trip(source, target);
        check_round_trip(target, source);
        check_round_trip(source, random_bytes(rng, rng() % 500));
        std::string delta = delta_of(source, target);
        check_opcode_limits(delta);
    }
}

TEST_CASE("encode_delta finds the shared content", "[delta]") {
    std::mt19937 rng(7);
    std::string source = random_bytes(rng, 100000);
    std::string target = source.substr(0, 50000) + "inserted" + source.substr(50000);
    std::string delta = delta_of(source, target);
    CHECK(apply_delta(source, delta) == target);
    CHECK(delta.size() < 40);
    // Prefix and suffix moved around.
    std::string swapped = source.substr(60000) + source.substr(0, 60000);
    delta = delta_of(source, swapped);
    CHECK(apply_delta(source, delta) == swapped);
    CHECK(delta.size() < 40);
}

TEST_CASE("encode_delta splits long copies and inserts at git's limits", "[delta]") {
    std::mt19937 rng(3);
    std::string source = random_bytes(rng, 300000);
    std::string target = source + random_bytes(rng, 1000);
    std::string delta = delta_of(source, target);
    check_opcode_limits(delta);
    CHECK(apply_delta(source, delta) == target);
    // 300000 bytes of copies need five ops, 1000 literal bytes eight inserts.
    CHECK(delta.size() < 6 + 5 * 7 + 1000 + 8);
}

TEST_CASE("encode_delta stays linear on repetitive input", "[delta]") {
    std::string zeros(4 << 20, '\0');
    std::string more = zeros + "tail";
    std::string delta = delta_of(zeros, more);
    CHECK(apply_delta(zeros, delta) == more);
    CHECK(delta.size() < 400);

    std::string periodic;
    for (int i = 0; periodic.size() < (2 << 20); ++i) periodic += "abc" + std::to_string(i % 7);
    std::string edited = periodic;
    edited[1000] = 'X';
    edited.insert(500000, "hello");
    delta = delta_of(periodic, edited);
    CHECK(apply_delta(periodic, delta) == edited);
    check_opcode_limits(delta);
    CHECK(delta.size() < 1000);
}

TEST_CASE("encode_delta round trips large inputs", "[delta]") {
    std::mt19937 rng(11);
    std::string source = random_text(rng, 3 << 20);
    std::string target = edit(rng, source, 500);
    std::string delta = delta_of(source, target);
    CHECK(apply_delta(source, delta) == target);
    CHECK(delta.size() < 40000);
}

TEST_CASE("encode_delta round trips sources of every index density", "[delta]") {
    std::mt19937 rng(13);
    for (std::size_t size : {std::size_t{100} << 10, std::size_t{600} << 10, std::size_t{5} << 20, std::size_t{33} << 20}) {
        std::string source = size > (8u << 20) ? random_bytes(rng, size) : random_text(rng, size);
        std::string target = edit(rng, source, 200);
        std::string delta = delta_of(source, target);
        CHECK(apply_delta(source, delta) == target);
        // Each edit costs at most its literal bytes, two windows and two copies.
        CHECK(delta.size() < 200 * (40 + 2 * 31 + 2 * 7) + 16);
    }
}

TEST_CASE("encode_delta refuses deltas over max_size", "[delta]") {
    std::mt19937 rng(5);
    std::string source = random_bytes(rng, 5000);
    std::string target = edit(rng, source, 10);
    std::string full = delta_of(source, target);
    DeltaIndex index(source);
    std::string out;
    CHECK(encode_delta(index, target, full.size(), out));
    CHECK(out == full);
    out.clear();
    CHECK_FALSE(encode_delta(index, target, full.size() - 1, out));
    out.clear();
    CHECK_FALSE(encode_delta(index, random_bytes(rng, 5000), 100, out));
    // Appends after existing bytes.
    out = "prefix";
    CHECK(encode_delta(index, target, 0, out));
    CHECK(out == "prefix" + full);
}

TEST_CASE("DeltaIndex reports its memory and keeps the source view", "[delta]") {
    std::string source(100000, 'x');
    for (std::size_t i = 0; i < source.size(); i += 7) source[i] = static_cast<char>(i);
    DeltaIndex index(source);
    CHECK(index.source().data() == source.data());
    CHECK(index.memory_size() > 0);
    CHECK(index.memory_size() < 7 * source.size());
    // Large sources are indexed sparsely.
    std::string large(40 << 20, 'y');
    CHECK(DeltaIndex(large).memory_size() < large.size());
}
