#include <catch2/catch.hpp>

#include <atomic>
#include <random>
#include <string>
#include <vector>

#include "delta/apply.h"
#include "pack/delta_search.h"
#include "pack/name_hash.h"

using grit::DeltaChoice;
using grit::DeltaSearchEntry;
using grit::DeltaSearchOptions;
using grit::ObjectType;
using grit::pack_name_hash;

namespace {

struct Corpus {
    std::vector<DeltaSearchEntry> entries;
    std::vector<std::string> contents;

    void add(ObjectType type, std::string_view path, std::string content) {
        entries.push_back({type, pack_name_hash(path), content.size()});
        contents.push_back(std::move(content));
    }
    std::string load(std::size_t i) const { return contents.at(i); }
};

std::string random_line(std::mt19937& rng) {
    std::string s;
    for (int i = 0, n = 5 + rng() % 40; i < n; ++i) s += static_cast<char>('a' + rng() % 26);
    return s + "\n";
}

// `files` paths with `versions` versions each; each version edits a few lines
// of the previous one and usually grows.
Corpus history(unsigned files, unsigned versions, unsigned seed) {
    std::mt19937 rng(seed);
    Corpus c;
    for (unsigned f = 0; f < files; ++f) {
        std::vector<std::string> lines;
        for (int i = 0; i < 50 + static_cast<int>(rng() % 200); ++i) lines.push_back(random_line(rng));
        std::string path = "dir" + std::to_string(f % 7) + "/file" + std::to_string(f) + ".c";
        for (unsigned v = 0; v < versions; ++v) {
            for (int e = 0; e < 3; ++e) {
                std::size_t at = rng() % (lines.size() + 1);
                if (rng() % 4 == 0 && !lines.empty() && at < lines.size()) lines.erase(lines.begin() + at);
                else lines.insert(lines.begin() + at, random_line(rng));
            }
            std::string content;
            for (auto& l : lines) content += l;
            c.add(ObjectType::blob, path, content);
        }
    }
    return c;
}

std::vector<DeltaChoice> search(const Corpus& c, DeltaSearchOptions options) {
    return grit::find_deltas(
        c.entries, [&](std::size_t i) { return c.load(i); }, options, [](std::size_t) {});
}

// Every delta applies to its base's content, depths are consistent and capped,
// and following bases never loops.
void check_choices(const Corpus& c, const std::vector<DeltaChoice>& choices, unsigned max_depth) {
    REQUIRE(choices.size() == c.entries.size());
    for (std::size_t i = 0; i < choices.size(); ++i) {
        const DeltaChoice& ch = choices[i];
        if (ch.base < 0) {
            CHECK(ch.depth == 0);
            continue;
        }
        auto base = static_cast<std::size_t>(ch.base);
        REQUIRE(base < choices.size());
        CHECK(c.entries[base].type == c.entries[i].type);
        CHECK(grit::apply_delta(c.contents[base], ch.delta) == c.contents[i]);
        CHECK(ch.depth == choices[base].depth + 1);
        CHECK(ch.depth <= max_depth);
        std::size_t steps = 0;
        for (std::int64_t b = ch.base; b >= 0; b = choices[static_cast<std::size_t>(b)].base) {
            REQUIRE(++steps <= choices.size());
        }
    }
}

std::size_t total_delta_bytes(const std::vector<DeltaChoice>& choices) {
    std::size_t n = 0;
    for (auto& ch : choices) n += ch.delta.size();
    return n;
}

}  // namespace

TEST_CASE("pack_name_hash matches git's version-1 hash", "[delta_search]") {
    CHECK(pack_name_hash("") == 0);
    CHECK(pack_name_hash("a") == 0x61000000u);
    // (0x61000000 >> 2) + (0x62 << 24)
    CHECK(pack_name_hash("ab") == 0x7a400000u);
    // Whitespace (tab, newline, carriage return, space) is skipped.
    CHECK(pack_name_hash("a b") == pack_name_hash("ab"));
    CHECK(pack_name_hash("a\t\n\rb") == pack_name_hash("ab"));
    CHECK(pack_name_hash("a\vb") != pack_name_hash("ab"));
    // Only the last 16 characters matter (earlier ones shift out).
    CHECK(pack_name_hash("some/long/directory/Makefile.in") == pack_name_hash("other/directory/Makefile.in"));
    // Bytes >= 0x80 count as unsigned.
    CHECK(pack_name_hash("\xc3") == 0xc3000000u);
    // Values of git's loop (hash = (hash >> 2) + (c << 24)), computed separately in Python.
    CHECK(pack_name_hash("Makefile") == 0x88af0400u);
    CHECK(pack_name_hash("src/main.c") == 0x77854ac0u);
}

TEST_CASE("find_deltas deltifies versions of the same file", "[delta_search]") {
    Corpus c = history(12, 30, 1);
    DeltaSearchOptions options;
    options.threads = 2;
    auto choices = search(c, options);
    check_choices(c, choices, options.depth);
    std::size_t deltas = 0, whole = 0;
    for (std::size_t i = 0; i < choices.size(); ++i) {
        if (choices[i].base >= 0) ++deltas;
        else whole += c.contents[i].size();
    }
    CHECK(deltas >= 12 * 29 - 12);
    CHECK(grit::delta_search_total(c.entries) == c.entries.size());
}

TEST_CASE("find_deltas caps chains at depth", "[delta_search]") {
    Corpus c = history(3, 40, 2);
    for (unsigned depth : {1u, 2u, 5u}) {
        DeltaSearchOptions options;
        options.depth = depth;
        options.threads = 1;
        auto choices = search(c, options);
        check_choices(c, choices, depth);
        bool reached = false;
        for (auto& ch : choices) reached |= ch.depth == depth;
        CHECK(reached);
    }
    // Reused chains hanging below an entry count against the cap.
    c.entries[0].reused_children_depth = 50;
    auto choices = search(c, DeltaSearchOptions{});
    CHECK(choices[0].base < 0);
}

TEST_CASE("find_deltas results do not depend on the thread count", "[delta_search]") {
    Corpus c = history(200, 25, 3);
    for (std::size_t i = 0; i < 40; ++i) c.add(ObjectType::tree, "", std::string(60 + i, static_cast<char>('t' + i % 3)));
    DeltaSearchOptions options;
    options.threads = 1;
    auto one = search(c, options);
    check_choices(c, one, options.depth);
    for (unsigned threads : {2u, 3u, 8u}) {
        options.threads = threads;
        auto many = search(c, options);
        REQUIRE(many.size() == one.size());
        for (std::size_t i = 0; i < one.size(); ++i) {
            CHECK(many[i].base == one[i].base);
            CHECK(many[i].delta == one[i].delta);
        }
    }
}

TEST_CASE("find_deltas honours preferred bases, unsearchable and small entries", "[delta_search]") {
    Corpus c = history(1, 6, 4);
    c.entries[0].preferred_base = true;  // the largest-first sort puts it first anyway
    c.entries[1].searchable = false;
    c.add(ObjectType::blob, "tiny", "small");
    c.add(ObjectType::commit, "", c.contents[2]);  // same bytes, other type: never a base
    auto choices = search(c, DeltaSearchOptions{});
    check_choices(c, choices, 50);
    CHECK(choices[0].base < 0);
    CHECK(choices[1].base < 0);
    for (auto& ch : choices) CHECK(ch.base != 1);
    CHECK(choices[6].base < 0);
    CHECK(choices[7].base < 0);
    CHECK(grit::delta_search_total(c.entries) == 6 + 1 - 2);
}

TEST_CASE("find_deltas reports progress and passes kept deltas on", "[delta_search]") {
    Corpus c = history(20, 10, 5);
    std::atomic<std::size_t> highest{0}, chosen{0};
    DeltaSearchOptions options;
    auto choices = grit::find_deltas(
        c.entries, [&](std::size_t i) { return c.load(i); }, options,
        [&](std::size_t done) {
            std::size_t h = highest;
            while (done > h && !highest.compare_exchange_weak(h, done)) {
            }
        },
        [&](std::size_t, DeltaChoice& ch) {
            CHECK(!ch.delta.empty());
            ++chosen;
        });
    CHECK(highest == c.entries.size());
    std::size_t deltas = 0;
    for (auto& ch : choices) deltas += ch.base >= 0;
    CHECK(chosen == deltas);
}

TEST_CASE("find_deltas bounds memory: window memory and the delta cache", "[delta_search]") {
    Corpus c = history(10, 20, 6);
    DeltaSearchOptions options;
    auto full = search(c, options);
    options.window_memory = 1;  // only the previous candidate stays
    auto narrow = search(c, options);
    check_choices(c, narrow, options.depth);
    CHECK(total_delta_bytes(narrow) >= total_delta_bytes(full));

    options = DeltaSearchOptions{};
    options.delta_cache_size = 2000;
    auto cached = search(c, options);
    std::size_t kept = total_delta_bytes(cached);
    CHECK(kept <= 2000);
    for (std::size_t i = 0; i < cached.size(); ++i) {
        CHECK(cached[i].base == full[i].base);
        if (!cached[i].delta.empty()) CHECK(cached[i].delta == full[i].delta);
    }
}

TEST_CASE("find_deltas rethrows a loader's exception", "[delta_search]") {
    Corpus c = history(4, 5, 7);
    DeltaSearchOptions options;
    options.threads = 2;
    CHECK_THROWS_AS(grit::find_deltas(
                        c.entries, [&](std::size_t) -> std::string { throw std::runtime_error("gone"); }, options,
                        [](std::size_t) {}),
                    std::runtime_error);
}

TEST_CASE("find_deltas uses preferred bases and skips pairs already rejected in a reused pack", "[delta_search]") {
    Corpus c = history(1, 2, 8);
    // history() grows files, so entry 1 is the larger one and sorts first.
    auto choices = search(c, DeltaSearchOptions{});
    REQUIRE(choices[0].base == 1);

    c.entries[1].preferred_base = true;
    choices = search(c, DeltaSearchOptions{});
    CHECK(choices[0].base == 1);
    CHECK(choices[1].base < 0);

    c.entries[1].preferred_base = false;
    c.entries[0].reuse_pack = c.entries[1].reuse_pack = 3;
    choices = search(c, DeltaSearchOptions{});
    CHECK(choices[0].base < 0);
    // Stored as a delta there (against something not packed now): tried again.
    c.entries[0].reuse_pack_delta = true;
    choices = search(c, DeltaSearchOptions{});
    CHECK(choices[0].base == 1);
    // Another pack: tried.
    c.entries[0].reuse_pack_delta = false;
    c.entries[1].reuse_pack = 4;
    choices = search(c, DeltaSearchOptions{});
    CHECK(choices[0].base == 1);
}

TEST_CASE("find_deltas does without a preferred base it cannot load", "[delta_search]") {
    Corpus c = history(1, 3, 9);
    c.entries[2].preferred_base = true;  // the largest version, first in the window
    auto choices = grit::find_deltas(
        c.entries,
        [&](std::size_t i) {
            if (i == 2) throw std::runtime_error("missing");
            return c.load(i);
        },
        DeltaSearchOptions{}, [](std::size_t) {});
    check_choices(c, choices, 50);
    CHECK(choices[1].base == -1);
    CHECK(choices[0].base == 1);
}
