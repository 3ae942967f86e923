#include <catch2/catch.hpp>

#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "refs/loose_ref.h"
#include "refs/packed_refs.h"

using grit::HashAlgo;
using grit::LooseState;
using grit::RefValue;

namespace {

struct TempDir {
    std::filesystem::path dir;
    TempDir() {
        char tmpl[] = "/tmp/grit-loose-ref-test.XXXXXX";
        dir = mkdtemp(tmpl);
    }
    ~TempDir() { std::filesystem::remove_all(dir); }
    std::string write(const std::string& name, const std::string& bytes) const {
        std::string path = (dir / name).string();
        std::ofstream(path, std::ios::binary) << bytes;
        return path;
    }
};

const std::string kHex = "0123456789abcdef0123456789abcdef01234567";

}  // namespace

TEST_CASE("loose ref files: ids, symbolic refs, and what git calls broken", "[refs]") {
    TempDir t;
    RefValue v;
    CHECK(grit::read_loose_ref(t.write("id", kHex + "\n"), HashAlgo::sha1, v) == LooseState::found);
    REQUIRE(v.oid);
    CHECK(v.oid->hex() == kHex);

    v = {};
    CHECK(grit::read_loose_ref(t.write("trailing", kHex + " FETCH_HEAD stuff\n"), HashAlgo::sha1, v) ==
          LooseState::found);
    v = {};
    CHECK(grit::read_loose_ref(t.write("sym", "ref:   refs/heads/main \n"), HashAlgo::sha1, v) == LooseState::found);
    CHECK(v.symref_target == "refs/heads/main");

    v = {};
    std::string long_target = "ref: refs/heads/" + std::string(400, 'x') + "\n";  // longer than one read
    CHECK(grit::read_loose_ref(t.write("long", long_target), HashAlgo::sha1, v) == LooseState::found);
    CHECK(v.symref_target == "refs/heads/" + std::string(400, 'x'));

    for (const std::string& bad : {std::string("garbage\n"), std::string(""), kHex.substr(0, 39) + "\n",
                                   kHex + "x\n", "g" + kHex.substr(1) + "\n"}) {
        v = {};
        CHECK(grit::read_loose_ref(t.write("bad", bad), HashAlgo::sha1, v) == LooseState::broken);
    }
    CHECK(grit::read_loose_ref((t.dir / "absent").string(), HashAlgo::sha1, v) == LooseState::missing);
    std::filesystem::create_directory(t.dir / "a-dir");
    CHECK(grit::read_loose_ref((t.dir / "a-dir").string(), HashAlgo::sha1, v) == LooseState::missing);
    REQUIRE(symlink("refs/heads/main", (t.dir / "link").c_str()) == 0);
    v = {};
    CHECK(grit::read_loose_ref((t.dir / "link").string(), HashAlgo::sha1, v) == LooseState::found);
    CHECK(v.symref_target == "refs/heads/main");
}

TEST_CASE("packed-refs traits say whose peeled lines can be trusted", "[refs]") {
    TempDir t;
    std::string record = kHex + " refs/heads/a\n" + kHex + " refs/tags/t\n";
    grit::PackedRefs full(t.write("full", "# pack-refs with: peeled fully-peeled sorted \n" + record), "p",
                          HashAlgo::sha1);
    CHECK(full.knows_peeled("refs/heads/a"));
    CHECK(full.knows_peeled("refs/tags/t"));
    grit::PackedRefs tags(t.write("tags", "# pack-refs with: peeled \n" + record), "p", HashAlgo::sha1);
    CHECK_FALSE(tags.knows_peeled("refs/heads/a"));
    CHECK(tags.knows_peeled("refs/tags/t"));
    grit::PackedRefs none(t.write("none", record), "p", HashAlgo::sha1);
    CHECK_FALSE(none.knows_peeled("refs/tags/t"));
}
