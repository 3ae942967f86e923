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
    DeltaBaseCache cache(100);
    const PackFile* pack = nullptr;
    for (int i = 0; i < 20; ++i) cache.add(pack, i, ObjectType::blob, std::make_shared<const std::string>(30, 'x'));
    CHECK(cache.bytes_used() <= 100);
    CHECK(cache.find(pack, 19).data);
    CHECK_FALSE(cache.find(pack, 0).data);
    cache.add(pack, 99, ObjectType::blob, std::make_shared<const std::string>(200, 'y'));
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
        for (std::size_t cut : {good.size() - 1, good.size() / 2, std::size_t(30), std::size_t(5)}) {
            write_file(pack, good.substr(0, cut));
            CHECK(read_everything() == static_cast<int>(ids.size()));
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
