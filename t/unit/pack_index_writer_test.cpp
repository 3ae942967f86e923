#include <catch2/catch.hpp>

#include <filesystem>
#include <sys/stat.h>
#include <vector>

#include "git_fixture.h"
#include "odb/pack_index.h"
#include "pack/pack_index_writer.h"
#include "util/error.h"

using namespace grit;
using namespace grit_test;

namespace {

// A repository of a few dozen commits packed by git, with .rev files.
std::string packed_repo(const std::string& dir, const std::string& format) {
    run(dir, "git init -q --object-format=" + format + " repo && cd repo && "
             "git config pack.writeReverseIndex true && "
             "for i in $(seq 1 30); do seq 1 $((i * 5)) > f; echo $i > g$((i % 7)); "
             "git add . && git commit -qm c$i; done && git repack -adq");
    return dir + "/repo";
}

// The entries of a git-written index, in an order other than git's.
std::vector<PackedObjectEntry> entries_of(const PackIndex& idx) {
    std::vector<PackedObjectEntry> entries;
    for (std::uint32_t i = 0; i < idx.count(); ++i)
        entries.push_back({idx.oid_at(i), idx.offset_at(i), idx.crc32_at(i).value_or(0)});
    std::reverse(entries.begin(), entries.end());
    return entries;
}

void check_like_git(const std::string& format) {
    ScratchDir dir;
    const HashAlgo algo = *hash_from_name(format);
    std::string repo = packed_repo(dir.path(), format);
    std::string pack = only_pack(repo + "/.git");
    std::string base = pack.substr(0, pack.size() - 5);
    PackIndex idx(base + ".idx", algo);
    auto entries = entries_of(idx);

    auto ours = encode_pack_index(entries, idx.pack_checksum());
    CHECK(ours == read_file(base + ".idx"));
    CHECK(encode_reverse_index(entries, idx.pack_checksum()) == read_file(base + ".rev"));

    run(repo, "git index-pack --index-version=1 -o v1.idx " + shell_quote(pack));
    entries = entries_of(idx);
    CHECK(encode_pack_index(entries, idx.pack_checksum(), 1) == read_file(repo + "/v1.idx"));

    run(repo, "git index-pack --index-version=2,0x400 -o large.idx " + shell_quote(pack));
    entries = entries_of(idx);
    auto large = encode_pack_index(entries, idx.pack_checksum(), 2, 0x400);
    CHECK(large == read_file(repo + "/large.idx"));
    PackIndex reread_large(repo + "/large.idx", algo);
    CHECK(reread_large.offset_at(3) == idx.offset_at(3));

    // A version 1 index cannot hold such offsets: git writes version 2.
    run(repo, "git index-pack --index-version=1,0x400 -o up.idx " + shell_quote(pack));
    entries = entries_of(idx);
    CHECK(encode_pack_index(entries, idx.pack_checksum(), 1, 0x400) == read_file(repo + "/up.idx"));
}

}  // namespace

TEST_CASE("encode_pack_index and encode_reverse_index write git's bytes (SHA-1)", "[pack_index_writer]") {
    check_like_git("sha1");
}

TEST_CASE("encode_pack_index and encode_reverse_index write git's bytes (SHA-256)", "[pack_index_writer]") {
    check_like_git("sha256");
}

TEST_CASE("encode_pack_index of an empty pack", "[pack_index_writer]") {
    ScratchDir dir;
    run(dir.path(), "git init -q r && cd r && git pack-objects -q --stdout </dev/null >e.pack && "
                    "git index-pack -o e.idx e.pack");
    PackIndex idx(dir.path() + "/r/e.idx", HashAlgo::sha1);
    std::vector<PackedObjectEntry> none;
    CHECK(encode_pack_index(none, idx.pack_checksum()) == read_file(dir.path() + "/r/e.idx"));
}

TEST_CASE("encode_pack_index rejects duplicate ids", "[pack_index_writer]") {
    ObjectId a = *ObjectId::from_hex("1111111111111111111111111111111111111111", HashAlgo::sha1);
    std::vector<PackedObjectEntry> entries{{a, 12, 1}, {a, 40, 2}};
    ObjectId checksum = ObjectId::null(HashAlgo::sha1);
    CHECK_THROWS_WITH(encode_pack_index(entries, checksum),
                      "The same object 1111111111111111111111111111111111111111 appears twice in the pack");
    CHECK_NOTHROW(encode_pack_index(entries, checksum, 2, 0x7fffffff, false));
}

TEST_CASE("encode_pack_index puts offsets beyond 2^31 in the 64-bit table", "[pack_index_writer]") {
    ScratchDir dir;
    ObjectId a = *ObjectId::from_hex("0100000000000000000000000000000000000000", HashAlgo::sha1);
    ObjectId b = *ObjectId::from_hex("ff00000000000000000000000000000000000000", HashAlgo::sha1);
    std::vector<PackedObjectEntry> entries{{b, 0x123456789ull, 7}, {a, 12, 9}};
    std::string bytes = encode_pack_index(entries, ObjectId::null(HashAlgo::sha1), 1);
    write_file(dir.path() + "/x.idx", bytes);
    PackIndex idx(dir.path() + "/x.idx", HashAlgo::sha1);
    CHECK(idx.version() == 2);
    CHECK(idx.offset_at(0) == 12);
    CHECK(idx.offset_at(1) == 0x123456789ull);
    CHECK(idx.crc32_at(1) == 7u);
}

TEST_CASE("install_pack_files moves pack, rev and idx into place read-only", "[pack_index_writer]") {
    ScratchDir dir;
    write_file(dir.path() + "/tmp_pack_abc", "PACKDATA");
    const std::string base = dir.path() + "/pack-1234";
    install_pack_files(dir.path() + "/tmp_pack_abc", "IDX", std::string_view("REV"), base);
    CHECK(read_file(base + ".pack") == "PACKDATA");
    CHECK(read_file(base + ".idx") == "IDX");
    CHECK(read_file(base + ".rev") == "REV");
    struct stat st {};
    REQUIRE(::stat((base + ".idx").c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0444);
    REQUIRE(::stat((base + ".pack").c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0444);
    int files = 0;
    for (const auto& e : std::filesystem::directory_iterator(dir.path())) (void)e, ++files;
    CHECK(files == 3);

    // An existing pack of the same name is kept; the temporaries go away.
    write_file(dir.path() + "/tmp_pack_def", "OTHER");
    install_pack_files(dir.path() + "/tmp_pack_def", "IDX2", std::nullopt, base);
    CHECK(read_file(base + ".pack") == "PACKDATA");
    CHECK(read_file(base + ".idx") == "IDX");
    files = 0;
    for (const auto& e : std::filesystem::directory_iterator(dir.path())) (void)e, ++files;
    CHECK(files == 3);
}
