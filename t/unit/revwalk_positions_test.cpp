// ObjectPositions (one position per object: pack rows, then a side table)
// and OidSet (git's oidset order, insertions and removals replayed).
#include <catch2/catch.hpp>

#include <cstring>
#include <set>
#include <sstream>

#include "git_fixture.h"
#include "odb/object_database.h"
#include "odb/pack_file.h"
#include "revwalk/object_positions.h"
#include "revwalk/oid_set.h"

using namespace grit;
using namespace grit_test;

TEST_CASE("every packed object is found at its pack row, others get side positions", "[revwalk]") {
    ScratchDir tmp;
    run(tmp.path(), "git init -q repo && cd repo && for i in $(seq 1 60); do seq 1 $i >f$((i % 7)); "
                    "git add -A && git commit -qm c$i; done && git repack -adq && echo loose >l && git add l");
    const std::string repo = tmp.path() + "/repo";
    ObjectDatabase odb(repo + "/.git/objects", HashAlgo::sha1, {});
    ObjectPositions positions(odb);
    std::vector<PackSource> packs = odb.packs();
    REQUIRE(packs.size() == 1);
    const PackIndex& idx = packs[0].pack->index();
    REQUIRE(positions.packed_count() == idx.count());
    for (std::uint32_t row = 0; row < idx.count(); ++row) {
        std::uint32_t pos = positions.position(idx.oid_at(row));
        REQUIRE(pos == row);
        REQUIRE(positions.location(pos).offset == idx.offset_at(row));
        REQUIRE(positions.position(idx.oid_at(row)) == row);  // from the recent-answer cache
    }
    ObjectId loose = *ObjectId::from_hex(capture(repo, "git hash-object l").substr(0, 40), HashAlgo::sha1);
    ObjectId missing = *ObjectId::from_hex(std::string(40, 'e'), HashAlgo::sha1);
    std::uint32_t a = positions.position(loose), b = positions.position(missing);
    CHECK(a == idx.count());
    CHECK(b == idx.count() + 1);
    CHECK_FALSE(positions.packed(a));
    CHECK(positions.position(loose) == a);
    CHECK(positions.size() == idx.count() + 2);
}

namespace {

ObjectId id_with_prefix(std::uint32_t first_word, std::uint8_t tail) {
    ObjectId id;
    std::memcpy(id.bytes.data(), &first_word, 4);  // the oidset's hash: the first four bytes, native order
    id.bytes[19] = tail;
    return id;
}

}  // namespace

TEST_CASE("OidSet lists members in bucket order, tombstones reused as khash does", "[revwalk]") {
    OidSet set(4);
    // All in bucket 1 of 4: 1, then 1+1=2, then 2+2=4&3=0.
    ObjectId a = id_with_prefix(1, 1), b = id_with_prefix(5, 2), c = id_with_prefix(9, 3);
    CHECK(set.insert(a));
    CHECK(set.insert(b));
    CHECK_FALSE(set.insert(a));
    CHECK(set.ordered() == std::vector<ObjectId>{a, b});
    CHECK(set.remove(a));
    CHECK_FALSE(set.remove(a));
    // c probes past a's tombstone in slot 1 to the empty slot 0 and is put in the tombstone.
    CHECK(set.insert(c));
    CHECK(set.ordered() == std::vector<ObjectId>{c, b});
    CHECK(set.contains(b));
    CHECK_FALSE(set.contains(a));
    CHECK(set.size() == 2);
}

TEST_CASE("OidSet grows past 77% occupancy and keeps every member", "[revwalk]") {
    OidSet set;
    std::set<std::vector<std::uint8_t>> expected;
    for (std::uint32_t i = 0; i < 5000; ++i) {
        ObjectId id = id_with_prefix(i * 2654435761u, static_cast<std::uint8_t>(i));
        set.insert(id);
        if (i % 3 == 0) set.remove(id);
        else expected.insert(std::vector<std::uint8_t>(id.bytes.begin(), id.bytes.end()));
    }
    std::vector<ObjectId> listed = set.ordered();
    CHECK(listed.size() == expected.size());
    for (const ObjectId& id : listed) CHECK(expected.count(std::vector<std::uint8_t>(id.bytes.begin(), id.bytes.end())));
}
