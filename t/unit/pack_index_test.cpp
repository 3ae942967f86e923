#include <catch2/catch.hpp>

#include <map>
#include <sstream>
#include <vector>

#include "git_fixture.h"
#include "odb/pack_index.h"
#include "util/error.h"

using namespace grit;
using namespace grit_test;

namespace {

struct ShowIndexEntry {
    std::uint64_t offset;
    std::string hex;
    std::string crc;  // "" for v1
};

std::vector<ShowIndexEntry> show_index(const std::string& dir, const std::string& idx, const std::string& format) {
    std::string out = capture(dir, "git show-index --object-format=" + format + " < " + shell_quote(idx));
    std::vector<ShowIndexEntry> entries;
    std::istringstream in(out);
    std::string line;
    while (std::getline(in, line)) {
        std::istringstream ls(line);
        ShowIndexEntry e;
        ls >> e.offset >> e.hex >> e.crc;
        if (!e.crc.empty()) e.crc = e.crc.substr(1, 8);
        entries.push_back(e);
    }
    return entries;
}

std::string hex32(std::uint32_t v) {
    char buf[9];
    std::snprintf(buf, sizeof buf, "%08x", v);
    return buf;
}

// A repository of a few dozen commits, packed, in `dir`.
std::string packed_repo(const std::string& dir, const std::string& format) {
    run(dir, "git init -q --object-format=" + format + " repo && cd repo && "
             "for i in $(seq 1 40); do seq 1 $((i * 3)) > f; echo $i > g$((i % 7)); "
             "git add . && git commit -qm c$i; done && git repack -adq");
    return dir + "/repo";
}

void check_against_git(const std::string& dir, const std::string& idx_path, HashAlgo algo, std::uint32_t version) {
    const std::string format(hash_name(algo));
    PackIndex idx(idx_path, algo);
    auto expected = show_index(dir, idx_path, format);
    REQUIRE(idx.version() == version);
    REQUIRE(idx.count() == expected.size());
    for (std::uint32_t i = 0; i < idx.count(); ++i) {
        CHECK(idx.oid_at(i).hex() == expected[i].hex);
        CHECK(idx.offset_at(i) == expected[i].offset);
        if (version == 1)
            CHECK_FALSE(idx.crc32_at(i).has_value());
        else
            CHECK(hex32(*idx.crc32_at(i)) == expected[i].crc);
        CHECK(idx.find(idx.oid_at(i)) == i);
    }
    // Prefix ranges agree with a scan of git's list.
    for (std::uint32_t i = 0; i < idx.count(); i += 3) {
        for (std::size_t nibbles : {1, 2, 3, 5, 8}) {
            std::string prefix = expected[i].hex.substr(0, nibbles);
            std::uint32_t first = 0, n = 0;
            for (std::uint32_t j = 0; j < expected.size(); ++j)
                if (expected[j].hex.compare(0, nibbles, prefix) == 0) {
                    if (n++ == 0) first = j;
                }
            auto [a, b] = idx.prefix_range(idx.oid_bytes(i), nibbles);
            CHECK(a == first);
            CHECK(b - a == n);
        }
    }
    ObjectId missing = idx.oid_at(0);
    missing.bytes[hash_size(algo) - 1] ^= 1;
    if (!idx.find(missing)) SUCCEED();
    CHECK(idx.fanout(255) == idx.count());
}

}  // namespace

TEST_CASE("pack index v2 matches git show-index", "[pack_index]") {
    for (HashAlgo algo : {HashAlgo::sha1, HashAlgo::sha256}) {
        ScratchDir tmp;
        std::string repo = packed_repo(tmp.path(), std::string(hash_name(algo)));
        std::string pack = only_pack(repo + "/.git");
        std::string idx = pack.substr(0, pack.size() - 5) + ".idx";
        check_against_git(tmp.path(), idx, algo, 2);
        PackIndex index(idx, algo);
        std::string trailer = read_file(pack).substr(std::filesystem::file_size(pack) - hash_size(algo));
        CHECK(std::string(reinterpret_cast<const char*>(index.pack_checksum().data()), hash_size(algo)) == trailer);
    }
}

TEST_CASE("pack index v1 and 64-bit offsets", "[pack_index]") {
    for (HashAlgo algo : {HashAlgo::sha1, HashAlgo::sha256}) {
        ScratchDir tmp;
        const std::string format(hash_name(algo));
        std::string repo = packed_repo(tmp.path(), format);
        std::string pack = only_pack(repo + "/.git");
        if (algo == HashAlgo::sha1) {
            run(repo, "git index-pack --index-version=1 -o ../v1.idx " + shell_quote(pack));
            check_against_git(tmp.path(), tmp.path() + "/v1.idx", algo, 1);
        }
        run(repo, "git index-pack --index-version=2,0x10 -o ../big.idx " + shell_quote(pack));
        check_against_git(tmp.path(), tmp.path() + "/big.idx", algo, 2);
    }
}

TEST_CASE("corrupt pack indexes are rejected with git's messages", "[pack_index]") {
    ScratchDir tmp;
    std::string repo = packed_repo(tmp.path(), "sha1");
    std::string pack = only_pack(repo + "/.git");
    std::string good = read_file(pack.substr(0, pack.size() - 5) + ".idx");
    std::string path = tmp.path() + "/bad.idx";

    SECTION("too small") {
        write_file(path, good.substr(0, 100));
        CHECK_THROWS_WITH(PackIndex(path, HashAlgo::sha1), "index file " + path + " is too small");
    }
    SECTION("unsupported version") {
        std::string bad = good;
        bad[7] = 3;
        write_file(path, bad);
        CHECK_THROWS_WITH(PackIndex(path, HashAlgo::sha1),
                          "index file " + path +
                              " is version 3 and is not supported by this binary (try upgrading GIT to a newer version)");
    }
    SECTION("non-monotonic fan-out") {
        std::string bad = good;
        bad[8 + 4 * 200 + 3] = static_cast<char>(0xff);
        bad[8 + 4 * 200 + 2] = static_cast<char>(0xff);
        write_file(path, bad);
        CHECK_THROWS_WITH(PackIndex(path, HashAlgo::sha1), "non-monotonic index " + path);
    }
    SECTION("wrong size") {
        // Up to (count - 1) 64-bit offsets may follow; more cannot.
        write_file(path, good + std::string(8 * good.size(), 'x'));
        CHECK_THROWS_WITH(PackIndex(path, HashAlgo::sha1), "wrong index v2 file size in " + path);
    }
    SECTION("64-bit offset slot out of range") {
        std::string bad = good;
        // Point the first 32-bit offset into the (empty) 64-bit table.
        std::uint32_t count = PackIndex(pack.substr(0, pack.size() - 5) + ".idx", HashAlgo::sha1).count();
        std::size_t at = 8 + 1024 + count * (20 + 4);
        bad[at] = static_cast<char>(0x80);
        write_file(path, bad);
        PackIndex idx(path, HashAlgo::sha1);
        CHECK_THROWS_AS(idx.offset_at(0), CorruptData);
    }
}
