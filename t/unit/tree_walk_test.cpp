#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "object/tree_walk.h"
#include "odb/object_database.h"

using namespace grit;

namespace {

struct Scratch {
    std::filesystem::path dir;
    Scratch() {
        char tmpl[] = "/tmp/grit-tree-walk-XXXXXX";
        dir = mkdtemp(tmpl);
        std::filesystem::create_directories(dir / "objects");
    }
    ~Scratch() { std::filesystem::remove_all(dir); }
};

std::string entry(std::string_view mode, std::string_view name, const ObjectId& id) {
    std::string out(mode);
    out += ' ';
    out += name;
    out += '\0';
    out.append(reinterpret_cast<const char*>(id.data()), id.size());
    return out;
}

// a/b/f, a/g, sub (gitlink), top: listed as "<mode> <path>" lines.
struct Fixture {
    Scratch scratch;
    ObjectDatabase odb{(scratch.dir / "objects").string(), HashAlgo::sha1, OdbOptions{}};
    std::string root;
    Fixture() {
        ObjectId blob = odb.write(ObjectType::blob, "x\n");
        ObjectId b = odb.write(ObjectType::tree, entry("100644", "f", blob));
        ObjectId a = odb.write(ObjectType::tree, entry("40000", "b", b) + entry("100755", "g", blob));
        ObjectId commit = ObjectId::from_hex(std::string(40, '2'), HashAlgo::sha1).value();
        root = entry("40000", "a", a) + entry("160000", "sub", commit) + entry("100664", "top", blob);
    }
    std::vector<std::string> list(std::vector<std::string> pathspec, LsTreeWalkOptions options = {}) {
        std::vector<std::string> out;
        walk_ls_tree(odb, root, pathspec, options, [&](const ListedEntry& e) {
            char mode[8];
            std::snprintf(mode, sizeof mode, "%06o", e.mode);
            out.push_back(std::string(mode) + " " + std::string(e.path));
        });
        return out;
    }
};

using Lines = std::vector<std::string>;

}  // namespace

TEST_CASE("ls-tree walk lists one level, canonical modes", "[tree_walk]") {
    Fixture f;
    CHECK(f.list({}) == Lines{"040000 a", "160000 sub", "100644 top"});
}

TEST_CASE("ls-tree walk recursion, -t and -d", "[tree_walk]") {
    Fixture f;
    CHECK(f.list({}, {true, false, false}) == Lines{"100644 a/b/f", "100755 a/g", "160000 sub", "100644 top"});
    CHECK(f.list({}, {true, true, false}) ==
          Lines{"040000 a", "040000 a/b", "100644 a/b/f", "100755 a/g", "160000 sub", "100644 top"});
    CHECK(f.list({}, {true, true, true}) == Lines{"040000 a", "040000 a/b", "160000 sub"});
}

TEST_CASE("ls-tree walk pathspecs", "[tree_walk]") {
    Fixture f;
    CHECK(f.list({"a"}) == Lines{"040000 a"});
    CHECK(f.list({"a/"}) == Lines{"040000 a/b", "100755 a/g"});
    CHECK(f.list({"a/b/f"}) == Lines{"100644 a/b/f"});
    CHECK(f.list({"a/b/f"}, {false, true, false}) == Lines{"040000 a", "040000 a/b", "100644 a/b/f"});
    CHECK(f.list({"top/"}).empty());
    CHECK(f.list({"sub/"}) == Lines{"160000 sub"});
    CHECK(f.list({"sub/x"}).empty());
    CHECK(f.list({""}) == Lines{"040000 a", "160000 sub", "100644 top"});
    CHECK(f.list({"a/b/f/"}).empty());
}

TEST_CASE("ls-tree walk reports unreadable subtrees", "[tree_walk]") {
    Fixture f;
    ObjectId missing = ObjectId::from_hex(std::string(40, '3'), HashAlgo::sha1).value();
    f.root = entry("40000", "dir", missing);
    CHECK_THROWS_AS(f.list({}, {true, false, false}), UnreadableTree);
}
