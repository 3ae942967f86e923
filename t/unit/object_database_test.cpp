#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <map>
#include <sstream>
#include <vector>

#include "git_fixture.h"
#include "odb/delta_base_cache.h"
#include "odb/object_database.h"
#include "odb/pack_file.h"
#include "util/error.h"

using namespace grit;
using namespace grit_test;

namespace {

struct GitObject {
    std::string type;
    std::string data;
    std::uint64_t disk_size = 0;
    std::string delta_base;
};

// Every object of the repository as `git cat-file --batch-all-objects` sees it.
std::map<std::string, GitObject> git_objects(const std::string& repo) {
    std::map<std::string, GitObject> objects;
    std::string check = capture(repo, "git cat-file --batch-all-objects "
                                      "--batch-check='%(objectname) %(objecttype) %(objectsize:disk) %(deltabase)'");
    std::istringstream lines(check);
    std::string name, type, base;
    std::uint64_t disk;
    while (lines >> name >> type >> disk >> base) objects[name] = GitObject{type, "", disk, base};

    std::string batch = capture(repo, "git cat-file --batch-all-objects --batch");
    std::size_t at = 0;
    while (at < batch.size()) {
        std::size_t eol = batch.find('\n', at);
        std::istringstream header(batch.substr(at, eol - at));
        std::uint64_t size;
        header >> name >> type >> size;
        objects[name].data = batch.substr(eol + 1, size);
        at = eol + 1 + size + 1;
    }
    return objects;
}

ObjectDatabase open_odb(const std::string& repo, HashAlgo algo, OdbOptions options = {}) {
    return ObjectDatabase(repo + "/.git/objects", algo, std::move(options));
}

// A history with deltas in a pack plus a few loose objects on top.
std::string mixed_repo(const std::string& dir, const std::string& format) {
    run(dir, "git init -q --object-format=" + format + " repo && cd repo && "
             "for i in $(seq 1 30); do seq 1 $((i * 20)) > f; echo $i > g$((i % 5)); "
             "git add . && git commit -qm c$i; done && git tag -a -m tag v1 && git repack -adq && "
             "echo loose > h && git add h && git commit -qm loose");
    return dir + "/repo";
}

// 1000 versions of a file, each one line away from the previous, packed
// into delta chains hundreds deep.
std::string deep_chain_repo(const std::string& dir) {
    run(dir, "git init -q repo && cd repo && awk 'BEGIN{ for(j=0;j<200;j++) L[j]=\"line \" j \" original\"; "
             "for(i=1;i<=1000;i++){ L[(i*37)%200]=\"line changed at revision \" i; c=\"\"; "
             "for(j=0;j<200;j++) c=c L[j] \"\\n\"; printf \"commit refs/heads/main\\ncommitter C <c@x> 1700000000 "
             "+0000\\ndata 2\\nc\\nM 644 inline f\\ndata %d\\n%s\\n\", length(c), c } }' | git fast-import --quiet && "
             "git repack -adfq --depth=4095 --window=10");
    return dir + "/repo";
}

void check_all_objects(const std::string& repo, HashAlgo algo, OdbOptions options = {}) {
    auto expected = git_objects(repo);
    REQUIRE(!expected.empty());
    ObjectDatabase odb = open_odb(repo, algo, options);
    for (const auto& [hex, obj] : expected) {
        ObjectId id = *ObjectId::from_hex(hex, algo);
        INFO(hex);
        auto header = odb.read_header(id);
        REQUIRE(header);
        CHECK(type_name(header->type) == obj.type);
        CHECK(header->size == obj.data.size());
        auto full = odb.read(id);
        REQUIRE(full);
        CHECK(type_name(full->type) == obj.type);
        CHECK(full->data == obj.data);
        auto info = odb.storage_info(id);
        REQUIRE(info);
        CHECK(info->disk_size == obj.disk_size);
        CHECK((info->delta_base ? info->delta_base->hex() : ObjectId::null(algo).hex()) == obj.delta_base);
    }
}

}  // namespace

TEST_CASE("object database reads packed and loose objects like git", "[odb]") {
    for (HashAlgo algo : {HashAlgo::sha1, HashAlgo::sha256}) {
        ScratchDir tmp;
        std::string repo = mixed_repo(tmp.path(), std::string(hash_name(algo)));
        check_all_objects(repo, algo);
        // No delta base cache at all: every chain is rebuilt from its base.
        OdbOptions uncached;
        uncached.delta_base_cache_limit = 0;
        check_all_objects(repo, algo, uncached);
    }
}

TEST_CASE("object enumeration follows git's orders", "[odb]") {
    ScratchDir tmp;
    std::string repo = mixed_repo(tmp.path(), "sha1");
    // Make a duplicate: a packed object also present loose.
    run(repo, "git cat-file blob HEAD:f | git hash-object -w --stdin");
    ObjectDatabase odb = open_odb(repo, HashAlgo::sha1);
    std::string ordered, unordered;
    odb.for_each_object(true, [&](const ObjectId& id) { ordered += id.hex() + "\n"; });
    odb.for_each_object(false, [&](const ObjectId& id) { unordered += id.hex() + "\n"; });
    CHECK(ordered == capture(repo, "git cat-file --batch-all-objects --batch-check='%(objectname)'"));
    CHECK(unordered == capture(repo, "git cat-file --batch-all-objects --unordered --batch-check='%(objectname)'"));
    CHECK(odb.approximate_object_count() ==
          std::stoull(capture(repo, "git count-objects -v | sed -n 's/^in-pack: //p'")));
}

TEST_CASE("missing objects are reported as absent", "[odb]") {
    ScratchDir tmp;
    std::string repo = mixed_repo(tmp.path(), "sha1");
    ObjectDatabase odb = open_odb(repo, HashAlgo::sha1);
    ObjectId missing = *ObjectId::from_hex("0123456789012345678901234567890123456789", HashAlgo::sha1);
    CHECK_FALSE(odb.contains(missing));
    CHECK_FALSE(odb.read_header(missing));
    CHECK_FALSE(odb.read(missing));
    CHECK_FALSE(odb.storage_info(missing));
}

TEST_CASE("a pack created after opening is found by rescanning", "[odb]") {
    ScratchDir tmp;
    std::string repo = mixed_repo(tmp.path(), "sha1");
    ObjectDatabase odb = open_odb(repo, HashAlgo::sha1);
    run(repo, "echo new > n && git add n && git commit -qm new && git repack -adq && git prune-packed");
    ObjectId head = *ObjectId::from_hex(capture(repo, "git rev-parse HEAD").substr(0, 40), HashAlgo::sha1);
    auto obj = odb.read(head);
    REQUIRE(obj);
    CHECK(obj->type == ObjectType::commit);
}

TEST_CASE("deep delta chains resolve iteratively", "[odb][deep]") {
    ScratchDir tmp;
    std::string repo = deep_chain_repo(tmp.path());
    std::string verify = capture(repo, "git verify-pack -v .git/objects/pack/*.idx | grep 'chain length' | tail -1");
    REQUIRE(std::stoi(verify.substr(verify.find('=') + 1)) > 300);
    check_all_objects(repo, HashAlgo::sha1);

    // Without a cache the deepest object is rebuilt through its whole chain.
    std::string deepest =
        capture(repo, "git verify-pack -v .git/objects/pack/*.idx | awk '$7 > max { max = $7; id = $1 } END { print id }'");
    ObjectId id = *ObjectId::from_hex(deepest.substr(0, 40), HashAlgo::sha1);
    OdbOptions uncached;
    uncached.delta_base_cache_limit = 0;
    ObjectDatabase odb = open_odb(repo, HashAlgo::sha1, uncached);
    auto obj = odb.read(id);
    REQUIRE(obj);
    CHECK(obj->data == capture(repo, "git cat-file blob " + deepest.substr(0, 40)));
}

TEST_CASE("the delta base cache stays within its budget", "[odb]") {
    const std::uint64_t limit = 3 * (30 + DeltaBaseCache::kEntryOverhead) + 10;  // room for three entries
    DeltaBaseCache cache(limit);
    const PackFile* pack = nullptr;
    for (int i = 0; i < 20; ++i) cache.add(pack, i, ObjectType::blob, std::make_shared<const std::string>(30, 'x'));
    CHECK(cache.bytes_used() <= limit);
    CHECK(cache.find(pack, 19).data);
    CHECK(cache.find(pack, 17).data);
    CHECK_FALSE(cache.find(pack, 16).data);
    CHECK_FALSE(cache.find(pack, 0).data);
    cache.add(pack, 99, ObjectType::blob, std::make_shared<const std::string>(limit, 'y'));
    CHECK_FALSE(cache.find(pack, 99).data);
}

TEST_CASE("corrupt packs throw CorruptData, never crash", "[odb][corrupt]") {
    ScratchDir tmp;
    run(tmp.path(), "git init -q repo && cd repo && for i in 1 2 3 4 5 6; do seq 1 $((i * 40)) > f; "
                    "git add f && git commit -qm c$i; done && git repack -adq");
    std::string repo = tmp.path() + "/repo";
    std::string pack = only_pack(repo + "/.git");
    const std::string good = read_file(pack);
    std::vector<ObjectId> ids;
    {
        ObjectDatabase odb = open_odb(repo, HashAlgo::sha1);
        odb.for_each_object(true, [&](const ObjectId& id) { ids.push_back(id); });
    }
    ::chmod(pack.c_str(), 0644);

    auto read_everything = [&]() {
        ObjectDatabase odb = open_odb(repo, HashAlgo::sha1);
        int failures = 0;
        for (const ObjectId& id : ids) {
            try {
                odb.read_header(id);
                odb.read(id);
                odb.storage_info(id);
            } catch (const CorruptData&) {
                ++failures;
            }
        }
        return failures;
    };

    SECTION("truncated") {
        // A pack that no longer opens is skipped: its objects are missing,
        // and git's error line comes out through take_diagnostics(), twice
        // per lookup as git prints it.
        for (std::size_t cut : {good.size() - 1, good.size() / 2, std::size_t(30), std::size_t(5)}) {
            write_file(pack, good.substr(0, cut));
            ObjectDatabase odb = open_odb(repo, HashAlgo::sha1);
            CHECK_FALSE(odb.read(ids[0]));
            CHECK_FALSE(odb.contains(ids[0]));
            auto lines = odb.take_diagnostics();
            REQUIRE(lines.size() == 4);
            CHECK(lines[0] == lines[3]);
            CHECK(odb.take_diagnostics().empty());
        }
        write_file(pack, good.substr(0, good.size() - 1));
        {
            ObjectDatabase odb = open_odb(repo, HashAlgo::sha1);
            odb.read_header(ids[0]);
            CHECK(odb.take_diagnostics() ==
                  std::vector<std::string>(2, "packfile " + pack + " does not match index"));
        }
    }
    SECTION("a flipped byte anywhere") {
        for (std::size_t at = 0; at < good.size(); ++at) {
            std::string bad = good;
            bad[at] = static_cast<char>(bad[at] ^ 0x5a);
            write_file(pack, bad);
            read_everything();  // must not crash or throw anything but CorruptData
        }
        write_file(pack, good);
        CHECK(read_everything() == 0);
    }
}

TEST_CASE("multi-pack-index covered packs are read through the midx", "[odb][midx]") {
    for (HashAlgo algo : {HashAlgo::sha1, HashAlgo::sha256}) {
        ScratchDir tmp;
        const std::string format(hash_name(algo));
        run(tmp.path(), "git init -q --object-format=" + format + " repo && cd repo && "
                        "for round in 1 2 3; do for i in $(seq 1 8); do seq $round $((i * 25)) > f$i; "
                        "git add . && git commit -qm r$round-$i; done; git repack -dq; done && "
                        "git multi-pack-index write && "
                        "echo after > a && git add a && git commit -qm after && git repack -dq && "
                        "echo loose > l && git add l && git commit -qm loose");
        std::string repo = tmp.path() + "/repo";
        check_all_objects(repo, algo);
        OdbOptions no_midx;
        no_midx.use_multi_pack_index = false;
        check_all_objects(repo, algo, no_midx);

        ObjectDatabase odb = open_odb(repo, algo);
        std::string ordered, unordered;
        odb.for_each_object(true, [&](const ObjectId& id) { ordered += id.hex() + "\n"; });
        odb.for_each_object(false, [&](const ObjectId& id) { unordered += id.hex() + "\n"; });
        CHECK(ordered == capture(repo, "git cat-file --batch-all-objects --batch-check='%(objectname)'"));
        CHECK(unordered ==
              capture(repo, "git cat-file --batch-all-objects --unordered --batch-check='%(objectname)'"));
    }
}

TEST_CASE("alternates are searched, relative to the objects directory", "[odb][alternates]") {
    ScratchDir tmp;
    run(tmp.path(), "git init -q base && cd base && for i in 1 2 3; do echo $i > f && git add f && "
                    "git commit -qm b$i; done && git repack -adq && echo loose > g && git add g && "
                    "git commit -qm loose && cd .. && git init -q mid && "
                    "echo ../../../base/.git/objects > mid/.git/objects/info/alternates && "
                    "git init -q top && echo \"$PWD/mid/.git/objects\" > top/.git/objects/info/alternates && "
                    "cd top && git fetch -q ../base HEAD:refs/heads/main 2>/dev/null; "
                    "echo mine > m && git add m && git commit -qm mine");
    std::string top = tmp.path() + "/top";
    check_all_objects(top, HashAlgo::sha1);
    ObjectDatabase odb = open_odb(top, HashAlgo::sha1);
    std::string unordered;
    odb.for_each_object(false, [&](const ObjectId& id) { unordered += id.hex() + "\n"; });
    CHECK(unordered == capture(top, "git cat-file --batch-all-objects --unordered --batch-check='%(objectname)'"));

    SECTION("GIT_ALTERNATE_OBJECT_DIRECTORIES entries come through OdbOptions") {
        run(tmp.path(), "git init -q solo");
        OdbOptions options;
        options.extra_alternates.push_back(tmp.path() + "/base/.git/objects");
        ObjectDatabase solo(tmp.path() + "/solo/.git/objects", HashAlgo::sha1, options);
        ObjectId head = *ObjectId::from_hex(capture(tmp.path() + "/base", "git rev-parse HEAD").substr(0, 40),
                                            HashAlgo::sha1);
        CHECK(solo.read(head));
        ObjectDatabase alone(tmp.path() + "/solo/.git/objects", HashAlgo::sha1, {});
        CHECK_FALSE(alone.contains(head));
    }
}

TEST_CASE("abbreviations are unique among packed, loose and alternate objects", "[odb][abbrev]") {
    ScratchDir tmp;
    // 4000 blobs packed by fast-import, 600 more loose: plenty of 4- and 5-digit collisions.
    run(tmp.path(), "git init -q repo && cd repo && "
                    "awk 'BEGIN { for (i = 0; i < 4000; i++) { c = \"blob \" i \"\\n\"; "
                    "printf \"blob\\ndata %d\\n%s\\n\", length(c), c } }' | git fast-import --quiet && "
                    "for i in $(seq 1 600); do echo loose $i; done > list && "
                    "split -l 1 list part. && git hash-object -w part.* > /dev/null && "
                    "git cat-file --batch-all-objects --batch-check='100644 blob %(objectname)\t%(objectname)' "
                    "| git mktree > tree");
    std::string repo = tmp.path() + "/repo";
    std::string tree = read_file(repo + "/tree").substr(0, 40);
    std::string listing = capture(repo, "git ls-tree --abbrev=4 " + tree);
    ObjectDatabase odb = open_odb(repo, HashAlgo::sha1);
    std::istringstream lines(listing);
    std::string mode, type, abbrev, name;
    int checked = 0, longer = 0;
    while (lines >> mode >> type >> abbrev >> name) {
        ObjectId id = *ObjectId::from_hex(name, HashAlgo::sha1);
        INFO(name);
        std::size_t len = odb.unique_abbrev_len(id, 4);
        CHECK(len == abbrev.size());
        if (len > 4) ++longer;
        auto matches = odb.find_by_prefix(name.substr(0, len), 10);
        CHECK(matches.size() == 1);
        if (len > 4) CHECK(odb.find_by_prefix(name.substr(0, len - 1), 10).size() >= 2);
        ++checked;
    }
    CHECK(checked == 4600);
    CHECK(longer > 100);
    CHECK(odb.find_by_prefix("", 5).size() == 5);
    CHECK(odb.find_by_prefix("xyz", 5).empty());
}

TEST_CASE("damaged pack entries fail with git's messages", "[odb][corrupt]") {
    ScratchDir tmp;
    // Trees of many entries, one changed per commit: deltas among trees.
    run(tmp.path(), "git init -q repo && cd repo && for i in $(seq 1 30); do echo $i > f$i; done && "
                    "for i in 1 2 3 4 5; do echo change $i > f$i && git add . && git commit -qm c$i; done && "
                    "git repack -adq");
    std::string repo = tmp.path() + "/repo";
    std::string pack = only_pack(repo + "/.git");
    const std::string good = read_file(pack);
    ::chmod(pack.c_str(), 0644);

    struct Entry {
        std::string hex, type;
        std::uint64_t offset, packed_size;
    };
    std::vector<Entry> entries;
    std::istringstream verify(capture(repo, "git verify-pack -v " + shell_quote(pack.substr(0, pack.size() - 5) + ".idx")));
    std::string line;
    while (std::getline(verify, line)) {
        std::istringstream ls(line);
        Entry e;
        std::uint64_t size;
        if (ls >> e.hex >> e.type >> size >> e.packed_size >> e.offset && e.hex.size() == 40) entries.push_back(e);
    }
    REQUIRE(entries.size() > 10);
    const std::string strip = repo + "/";
    int failures = 0;

    for (const Entry& damaged : entries) {
        std::string bad = good;
        bad[damaged.offset + damaged.packed_size / 2 + 1] ^= 0x21;
        write_file(pack, bad);
        ObjectDatabase odb = open_odb(repo, HashAlgo::sha1);
        for (const Entry& e : entries) {
            if (e.type == "blob") continue;  // git streams blobs: another path, another message
            INFO("damaged " << damaged.hex << " reading " << e.hex);
            ObjectId id = *ObjectId::from_hex(e.hex, HashAlgo::sha1);
            try {
                auto obj = odb.read(id);
                REQUIRE(obj);
                CHECK(stderr_of(repo, "cat-file " + e.type + " " + e.hex) == "");
            } catch (const CorruptData& err) {
                ++failures;
                CHECK(as_printed(err, err.what(), strip) == stderr_of(repo, "cat-file " + e.type + " " + e.hex));
            }
            for (bool want_size : {true, false}) {
                std::string args = std::string(want_size ? "cat-file -s " : "cat-file -t ") + e.hex;
                try {
                    odb.read_header(id, false, want_size);
                    CHECK(stderr_of(repo, args) == "");
                } catch (const CorruptData& err) {
                    ++failures;
                    CHECK(as_printed(err, "git cat-file: could not get object info", strip) == stderr_of(repo, args));
                }
            }
        }
    }
    CHECK(failures > 10);
    write_file(pack, good);
}

TEST_CASE("the empty tree is always there, as in git", "[odb]") {
    for (HashAlgo algo : {HashAlgo::sha1, HashAlgo::sha256}) {
        ScratchDir tmp;
        const std::string format(hash_name(algo));
        run(tmp.path(), "git init -q --object-format=" + format + " repo");
        std::string repo = tmp.path() + "/repo";
        std::string hex = capture(repo, "git hash-object -t tree /dev/null");
        ObjectId id = *ObjectId::from_hex(hex.substr(0, hex_size(algo)), algo);
        ObjectDatabase odb = open_odb(repo, algo);
        CHECK(odb.contains(id));
        CHECK(odb.read_header(id)->type == ObjectType::tree);
        CHECK(odb.read(id)->data.empty());
        CHECK(odb.storage_info(id)->disk_size == 0);
        CHECK(capture(repo, "git cat-file -t " + hex) == "tree\n");
        int listed = 0;
        odb.for_each_object(true, [&](const ObjectId&) { ++listed; });
        CHECK(listed == 0);
        ObjectId empty_blob = odb.hash(ObjectType::blob, "");
        CHECK_FALSE(odb.contains(empty_blob));
    }
}

TEST_CASE("a damaged copy is passed over for an intact one", "[odb][corrupt]") {
    ScratchDir tmp;
    run(tmp.path(), "git init -q repo && cd repo && for i in 1 2 3; do seq 1 $((i * 30)) > f; git add f && "
                    "git commit -qm c$i; done && git repack -adq && mkdir ../old && cp .git/objects/pack/* ../old/ && "
                    "echo more > g && git add g && git commit -qm more && git repack -adq && "
                    "touch -d '2001-01-01' ../old/* && cp -p ../old/* .git/objects/pack/");
    std::string repo = tmp.path() + "/repo";
    std::string first_commit = capture(repo, "git rev-parse HEAD~3").substr(0, 40);
    std::string expected = capture(repo, "git cat-file commit " + first_commit);
    // Damage the copy in the newest pack, which is searched first.
    std::string old_name;
    for (const auto& e : std::filesystem::directory_iterator(tmp.path() + "/old"))
        if (e.path().extension() == ".pack") old_name = e.path().filename();
    std::string newest;
    for (const auto& e : std::filesystem::directory_iterator(repo + "/.git/objects/pack"))
        if (e.path().extension() == ".pack" && e.path().filename() != old_name) newest = e.path().string();
    REQUIRE(!newest.empty());
    std::string offset_line = capture(repo, "git show-index < " + shell_quote(newest.substr(0, newest.size() - 5) + ".idx") +
                                                " | grep " + first_commit);
    std::uint64_t offset = std::stoull(offset_line);
    std::string bytes = read_file(newest);
    bytes[offset + 5] ^= 0x33;
    ::chmod(newest.c_str(), 0644);
    write_file(newest, bytes);

    ObjectDatabase odb = open_odb(repo, HashAlgo::sha1);
    auto obj = odb.read(*ObjectId::from_hex(first_commit, HashAlgo::sha1));
    REQUIRE(obj);
    CHECK(obj->data == expected);
}
