#include <catch2/catch.hpp>

#include <string>

#include "object/commit.h"
#include "object/tag.h"
#include "object/tree.h"
#include "util/error.h"

using namespace grit;

namespace {

std::string raw_id(char fill) { return std::string(20, fill); }

}  // namespace

TEST_CASE("tree entries are read in order with modes and ids") {
    std::string data = "100644 a.txt" + std::string(1, '\0') + raw_id('\x11') + "40000 dir" +
                       std::string(1, '\0') + raw_id('\x22');
    TreeReader reader(data, HashAlgo::sha1);
    TreeEntry e;
    REQUIRE(reader.next(e));
    CHECK(e.mode == 0100644);
    CHECK(e.name == "a.txt");
    CHECK(type_from_mode(e.mode) == ObjectType::blob);
    REQUIRE(reader.next(e));
    CHECK(e.mode_text == "40000");
    CHECK(is_tree_mode(e.mode));
    CHECK(e.oid.bytes[0] == 0x22);
    CHECK_FALSE(reader.next(e));
}

TEST_CASE("malformed trees throw instead of reading past the buffer") {
    std::string truncated = "100644 a.txt" + std::string(1, '\0') + raw_id('\x11').substr(0, 5);
    TreeEntry e;
    TreeReader r1(truncated, HashAlgo::sha1);
    CHECK_THROWS_AS(r1.next(e), CorruptData);
    std::string bad_mode = "10a644 a" + std::string(1, '\0') + raw_id('\x11');
    TreeReader r2(bad_mode, HashAlgo::sha1);
    CHECK_THROWS_AS(r2.next(e), CorruptData);
    std::string empty_name = "100644 " + std::string(1, '\0') + raw_id('\x11');
    TreeReader r3(empty_name, HashAlgo::sha1);
    CHECK_THROWS_AS(r3.next(e), CorruptData);
}

TEST_CASE("commits expose tree, parents, people and message") {
    std::string tree(40, 'a'), p1(40, 'b'), p2(40, 'c');
    std::string data = "tree " + tree + "\nparent " + p1 + "\nparent " + p2 +
                       "\nauthor A U Thor <a@example.com> 1112911993 -0700\n"
                       "committer C O Mitter <c@example.com> 1112911993 -0700\n\nsubject\n\nbody\n";
    auto c = parse_commit(data, HashAlgo::sha1);
    CHECK(c.tree.hex() == tree);
    REQUIRE(c.parents.size() == 2);
    CHECK(c.parents[1].hex() == p2);
    CHECK(c.message == "subject\n\nbody\n");
    auto author = parse_person(c.author);
    REQUIRE(author);
    CHECK(author->name == "A U Thor");
    CHECK(author->email == "a@example.com");
    CHECK(author->date == "1112911993 -0700");
    CHECK_THROWS_AS(parse_commit("tree zzz\n", HashAlgo::sha1), CorruptData);
}

TEST_CASE("tags expose their target, type and name") {
    std::string target(40, 'd');
    std::string data = "object " + target + "\ntype commit\ntag v1.0\ntagger T <t@example.com> 1 +0000\n\nmsg\n";
    auto t = parse_tag(data, HashAlgo::sha1);
    CHECK(t.object.hex() == target);
    CHECK(t.type == ObjectType::commit);
    CHECK(t.name == "v1.0");
    CHECK(t.message == "msg\n");
    CHECK_THROWS_AS(parse_tag("type commit\n", HashAlgo::sha1), CorruptData);
}
