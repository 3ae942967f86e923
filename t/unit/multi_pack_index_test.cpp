#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <vector>

#include "git_fixture.h"
#include "odb/multi_pack_index.h"
#include "util/error.h"

using grit::CorruptData;
using grit::HashAlgo;
using grit::MidxUnusable;
using grit::MultiPackIndex;
using grit::ObjectId;

namespace {

struct Expected {
    std::string pack;  // ".idx" name
    std::uint64_t offset;
};

// Three packs and a multi-pack-index written by git; `expected` is what
// git show-index says about each object of each pack.
struct MidxFixture {
    grit_test::ScratchDir dir;
    HashAlgo algo;
    std::string midx_path;
    std::vector<std::string> idx_names;
    std::map<std::string, Expected> expected;  // by hex id

    explicit MidxFixture(HashAlgo a = HashAlgo::sha1) : algo(a) {
        std::string fmt = a == HashAlgo::sha1 ? "sha1" : "sha256";
        grit_test::run(dir.path(), "git init -q --object-format=" + fmt +
                    " r && cd r && for i in 1 2 3; do seq 1 $((i*30)) >f; echo $i >g$i; git add .; "
                    "git commit -qm c$i; git repack -dq; done && git multi-pack-index write --bitmap 2>/dev/null");
        midx_path = dir.path() + "/r/.git/objects/pack/multi-pack-index";
        std::istringstream names(grit_test::capture(dir.path(), "cd r/.git/objects/pack && ls *.idx"));
        for (std::string name; std::getline(names, name);) idx_names.push_back(name);
        // Each `repack -d` above packs only new objects: every object is in one pack.
        for (const std::string& name : idx_names) {
            std::istringstream lines(grit_test::capture(dir.path(), "cd r/.git/objects/pack && git show-index <" + name));
            for (std::string off, hex; lines >> off >> hex;) {
                lines.ignore(1000, '\n');
                expected[hex] = {name, std::stoull(off)};
            }
        }
    }
};

// git leaves its files read-only.
void overwrite(const std::string& path, const std::string& bytes) {
    std::filesystem::permissions(path, std::filesystem::perms::owner_write, std::filesystem::perm_options::add);
    grit_test::write_file(path, bytes);
}

void check_lookups(const MidxFixture& fx) {
    MultiPackIndex midx(fx.midx_path, fx.algo);
    REQUIRE(midx.pack_count() == fx.idx_names.size());
    for (std::uint32_t i = 0; i < midx.pack_count(); ++i) {
        CHECK(midx.pack_names()[i] == fx.idx_names[i]);
        CHECK(midx.pack_int_id(fx.idx_names[i]) == i);
        std::string pack = fx.idx_names[i].substr(0, fx.idx_names[i].size() - 4) + ".pack";
        CHECK(midx.pack_int_id(pack) == i);
    }
    CHECK_FALSE(midx.pack_int_id("pack-0000.idx").has_value());
    REQUIRE(midx.object_count() == fx.expected.size());

    std::uint32_t pos = 0;
    for (const auto& [hex, where] : fx.expected) {  // std::map iterates in hash order
        ObjectId id = *ObjectId::from_hex(hex, fx.algo);
        CHECK(midx.oid_at(pos).hex() == hex);
        CHECK(midx.find_pos(id) == pos);
        auto loc = midx.find(id);
        REQUIRE(loc.has_value());
        CHECK(midx.pack_names()[loc->pack_int_id] == where.pack);
        CHECK(loc->offset == where.offset);
        ++pos;

        auto [first, last] = midx.prefix_range(id.data(), 7);
        CHECK(first <= pos - 1);
        CHECK(last >= pos);
        for (std::uint32_t p = first; p < last; ++p) CHECK(midx.oid_at(p).hex().substr(0, 7) == hex.substr(0, 7));
    }
    ObjectId missing = *ObjectId::from_hex(std::string(grit::hex_size(fx.algo), 'f'), fx.algo);
    CHECK_FALSE(midx.find(missing).has_value());
    auto [all_first, all_last] = midx.prefix_range(missing.data(), 0);
    CHECK(all_first == 0);
    CHECK(all_last == midx.object_count());

    REQUIRE(midx.has_reverse_index());
    std::vector<bool> seen(midx.object_count());
    for (std::uint32_t i = 0; i < midx.object_count(); ++i) seen[midx.pseudo_pack_order_to_pos(i)] = true;
    CHECK(std::find(seen.begin(), seen.end(), false) == seen.end());

    std::string bytes = grit_test::read_file(fx.midx_path);
    CHECK(midx.checksum() == ObjectId::from_raw(bytes.data() + bytes.size() - grit::hash_size(fx.algo), fx.algo));
}

// Opening and then reading every entry either works or throws CorruptData.
void must_not_crash(const std::string& path, HashAlgo algo) {
    try {
        MultiPackIndex midx(path, algo);
        for (std::uint32_t i = 0; i < midx.object_count(); ++i) {
            (void)midx.oid_at(i);
            try {
                (void)midx.location_at(i);
            } catch (const CorruptData&) {
            }
        }
    } catch (const CorruptData&) {
    }
}

}  // namespace

TEST_CASE("multi-pack-index lookups agree with git", "[midx]") {
    MidxFixture fx;
    check_lookups(fx);
}

TEST_CASE("SHA-256 multi-pack-index lookups agree with git", "[midx]") {
    MidxFixture fx(HashAlgo::sha256);
    check_lookups(fx);
}

TEST_CASE("malformed multi-pack-index files are rejected with git's messages", "[midx]") {
    MidxFixture fx;
    const std::string& path = fx.midx_path;
    const std::string good = grit_test::read_file(path);
    auto patched = [&](std::size_t at, const std::string& bytes) {
        return good.substr(0, at) + bytes + good.substr(at + bytes.size());
    };
    auto outcome = [&](const std::string& bytes) -> std::string {
        overwrite(path, bytes);
        try {
            MultiPackIndex midx(path, HashAlgo::sha1);
        } catch (const MidxUnusable& e) {
            return std::string("error: ") + e.what();
        } catch (const CorruptData& e) {
            return std::string("fatal: ") + e.what();
        }
        return "accepted";
    };

    CHECK(outcome(good.substr(0, 20)) == "error: multi-pack-index file " + path + " is too small");
    CHECK(outcome(patched(0, "XIDX")) ==
          "fatal: multi-pack-index signature 0x58494458 does not match signature 0x4d494458");
    CHECK(outcome(patched(4, "\x02")) == "fatal: multi-pack-index version 2 not recognized");
    CHECK(outcome(patched(5, "\x02")) == "error: multi-pack-index hash version 2 does not match version 1");
    CHECK(outcome(patched(12, "ABCD")) == "fatal: multi-pack-index missing required pack-name chunk");
    CHECK(outcome(patched(16, std::string("\0\0\0\0\xff\0\0\0", 8))) ==
          "error: improper chunk offset(s) ff000000 and ec");
    CHECK(outcome(patched(24, "PNAM")) == "error: duplicate chunk ID 504e414d found");
    CHECK(outcome(patched(6, "\xff")) == "error: multi-pack-index file " + path + " is too small");
    CHECK(outcome(good) == "accepted");
}

TEST_CASE("truncated or damaged multi-pack-index files never crash", "[midx]") {
    MidxFixture fx;
    const std::string good = grit_test::read_file(fx.midx_path);
    // Every length through the header and chunk table, then a sample.
    for (std::size_t len = 0; len < good.size(); len += len < 128 ? 1 : 13) {
        overwrite(fx.midx_path, good.substr(0, len));
        CHECK_THROWS_AS(MultiPackIndex(fx.midx_path, HashAlgo::sha1), CorruptData);
    }
    // Damage every byte of the header and chunk table, and a sample of the chunks.
    for (std::size_t at = 0; at < good.size(); at += at < 128 ? 1 : 11) {
        for (unsigned char value : {0x00, 0x7f, 0xff}) {
            std::string bad = good;
            bad[at] = static_cast<char>(value);
            overwrite(fx.midx_path, bad);
            must_not_crash(fx.midx_path, HashAlgo::sha1);
        }
    }
}
