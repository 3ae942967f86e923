#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <vector>

#include "git_fixture.h"
#include "odb/reverse_index.h"
#include "util/error.h"

using grit::CorruptData;
using grit::HashAlgo;
using grit::ReverseIndex;

namespace {

struct PackFixture {
    grit_test::ScratchDir dir;
    std::string base;                   // path without extension
    std::vector<std::uint64_t> offsets;  // by idx position, from git show-index
    std::map<std::uint64_t, std::uint64_t> disk_size;  // offset -> git's %(objectsize:disk)
    std::uint64_t pack_size = 0;

    explicit PackFixture(const std::string& init_args = "") {
        grit_test::run(dir.path(), "git init -q " + init_args +
                                       " r && cd r && for i in 1 2 3 4 5 6; do seq 1 $((i*40)) >f; "
                                       "echo $i >g$i; git add .; git commit -qm c$i; done && "
                                       "git -c pack.writeReverseIndex=true repack -adq");
        base = grit_test::capture(dir.path(), "cd r && ls .git/objects/pack/*.pack | sed 's/\\.pack$//'");
        base = dir.path() + "/r/" + base.substr(0, base.size() - 1);
        std::istringstream idx(grit_test::capture(dir.path(), "cd r && git show-index <" + base + ".idx"));
        for (std::string line; std::getline(idx, line);) offsets.push_back(std::stoull(line));
        std::istringstream sizes(grit_test::capture(
            dir.path(),
            "cd r && git cat-file --batch-all-objects --batch-check='%(objectsize:disk)' >sizes && "
            "git show-index <" + base + ".idx | sort >by_oid && "
            "git cat-file --batch-all-objects --batch-check='%(objectname)' >oids && "
            "paste -d' ' oids sizes | while read o s; do echo \"$(grep \" $o\" by_oid | cut -d' ' -f1) $s\"; done"));
        for (std::uint64_t off, size; sizes >> off >> size;) disk_size[off] = size;
        pack_size = std::filesystem::file_size(base + ".pack");
    }

    ReverseIndex::OffsetAt offset_at() const {
        return [this](std::uint32_t pos) { return offsets[pos]; };
    }
    std::uint32_t count() const { return static_cast<std::uint32_t>(offsets.size()); }
};

void check_against_git(const ReverseIndex& rev, const PackFixture& fx) {
    REQUIRE(rev.count() == fx.count());
    std::uint64_t previous = 0;
    for (std::uint32_t i = 0; i < rev.count(); ++i) {
        std::uint32_t pos = rev.index_pos_for_pack_order(i);
        CHECK(rev.pack_order_for_index_pos(pos) == i);
        std::uint64_t offset = rev.offset_for_pack_order(i);
        CHECK(offset == fx.offsets[pos]);
        CHECK(offset > previous);
        previous = offset;
        CHECK(rev.pack_order_for_offset(offset) == i);
        CHECK(rev.entry_disk_size(offset) == fx.disk_size.at(offset));
    }
    CHECK_FALSE(rev.pack_order_for_offset(previous + 1).has_value());
    CHECK_THROWS_AS(rev.next_offset(1), CorruptData);
}

// git leaves its files read-only.
void overwrite(const std::string& path, const std::string& bytes) {
    std::filesystem::permissions(path, std::filesystem::perms::owner_write, std::filesystem::perm_options::add);
    grit_test::write_file(path, bytes);
}

}  // namespace

TEST_CASE("reverse index built in memory matches git's pack order", "[reverse_index]") {
    PackFixture fx;
    auto rev = ReverseIndex::build(fx.count(), fx.offset_at(), fx.pack_size, HashAlgo::sha1);
    CHECK_FALSE(rev.from_file());
    CHECK_FALSE(rev.pack_checksum().has_value());
    check_against_git(rev, fx);
}

TEST_CASE("reverse index read from a .rev written by git", "[reverse_index]") {
    PackFixture fx;
    auto rev = ReverseIndex::read(fx.base + ".rev", fx.count(), fx.offset_at(), fx.pack_size, HashAlgo::sha1);
    REQUIRE(rev.has_value());
    CHECK(rev->from_file());
    check_against_git(*rev, fx);
    std::string pack = grit_test::read_file(fx.base + ".pack");
    CHECK(rev->pack_checksum()->hex() ==
          grit::ObjectId::from_raw(pack.data() + pack.size() - 20, HashAlgo::sha1).hex());
}

TEST_CASE("reverse index of a SHA-256 pack", "[reverse_index]") {
    PackFixture fx("--object-format=sha256");
    auto rev = ReverseIndex::read(fx.base + ".rev", fx.count(), fx.offset_at(), fx.pack_size, HashAlgo::sha256);
    REQUIRE(rev.has_value());
    check_against_git(*rev, fx);
    check_against_git(ReverseIndex::build(fx.count(), fx.offset_at(), fx.pack_size, HashAlgo::sha256), fx);
}

TEST_CASE("a missing .rev is not an error", "[reverse_index]") {
    PackFixture fx;
    CHECK_FALSE(ReverseIndex::read(fx.base + ".nope", fx.count(), fx.offset_at(), fx.pack_size, HashAlgo::sha1)
                    .has_value());
}

TEST_CASE("malformed .rev files are rejected with git's messages", "[reverse_index]") {
    PackFixture fx;
    const std::string path = fx.base + ".rev";
    const std::string good = grit_test::read_file(path);
    auto message_for = [&](const std::string& bytes) -> std::string {
        overwrite(path, bytes);
        try {
            ReverseIndex::read(path, fx.count(), fx.offset_at(), fx.pack_size, HashAlgo::sha1);
        } catch (const CorruptData& e) {
            return e.what();
        }
        return "accepted";
    };
    auto patched = [&](std::size_t at, std::string bytes) { return good.substr(0, at) + bytes + good.substr(at + bytes.size()); };

    CHECK(message_for(good.substr(0, 20)) == "reverse-index file " + path + " is too small");
    CHECK(message_for(good.substr(0, good.size() - 1)) == "reverse-index file " + path + " is corrupt");
    CHECK(message_for(good + "x") == "reverse-index file " + path + " is corrupt");
    CHECK(message_for(patched(0, "XIDX")) == "reverse-index file " + path + " has unknown signature");
    CHECK(message_for(patched(4, std::string("\0\0\0\2", 4))) ==
          "reverse-index file " + path + " has unsupported version 2");
    CHECK(message_for(patched(8, std::string("\0\0\0\3", 4))) ==
          "reverse-index file " + path + " has unsupported hash id 3");
    CHECK(message_for(good) == "accepted");

    // A position past the end of the idx is caught when it is read.
    overwrite(path, patched(12, "\xff\xff\xff\xff"));
    auto rev = ReverseIndex::read(path, fx.count(), fx.offset_at(), fx.pack_size, HashAlgo::sha1);
    CHECK_THROWS_AS(rev->index_pos_for_pack_order(0), CorruptData);
}
