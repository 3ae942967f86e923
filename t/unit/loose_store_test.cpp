#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <zlib.h>

#include "git_fixture.h"
#include "odb/loose_store.h"
#include "odb/object_database.h"
#include "util/error.h"

using namespace grit;
using namespace grit_test;

namespace {

std::string zlib_compress(const std::string& raw, int level = 1) {
    uLongf len = compressBound(raw.size());
    std::string out(len, '\0');
    compress2(reinterpret_cast<Bytef*>(out.data()), &len, reinterpret_cast<const Bytef*>(raw.data()), raw.size(), level);
    out.resize(len);
    return out;
}

std::string git_id(const std::string& repo, const std::string& args) {
    std::string out = capture(repo, "git " + args);
    return out.substr(0, out.find('\n'));
}

}  // namespace

TEST_CASE("loose objects written by grit are git's bytes", "[loose]") {
    for (HashAlgo algo : {HashAlgo::sha1, HashAlgo::sha256}) {
        ScratchDir tmp;
        const std::string format(hash_name(algo));
        run(tmp.path(), "git init -q --object-format=" + format + " ours && git init -q --object-format=" + format +
                            " theirs");
        std::string ours = tmp.path() + "/ours", theirs = tmp.path() + "/theirs";
        std::string big(300000, '\0');
        for (std::size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>((i * 2654435761u) >> 13);
        write_file(tmp.path() + "/big", big);
        write_file(tmp.path() + "/small", "hello\n");
        write_file(tmp.path() + "/empty", "");

        for (int level : {1, 9}) {
            OdbOptions options;
            options.loose_compression = level;
            ObjectDatabase odb(ours + "/.git/objects", algo, options);
            for (const char* name : {"small", "big", "empty"}) {
                std::string content = read_file(tmp.path() + "/" + std::string(name));
                ObjectId id = odb.write(ObjectType::blob, content);
                const char* config = level == 9 ? "-c core.looseCompression=9 " : "";
                CHECK(id.hex() == git_id(theirs, std::string(config) + "hash-object -w ../" + std::string(name)));
                std::string rel = "/.git/objects/" + id.hex().substr(0, 2) + "/" + id.hex().substr(2);
                CHECK(read_file(ours + rel) == read_file(theirs + rel));
                struct stat st;
                REQUIRE(::stat((ours + rel).c_str(), &st) == 0);
                CHECK((st.st_mode & 0777) == 0444);
                CHECK(capture(ours, "git cat-file blob " + id.hex()) == content);
                auto back = odb.read(id);
                REQUIRE(back);
                CHECK(back->data == content);
                CHECK(odb.read_header(id)->size == content.size());
                // Remove for the next compression level.
                ::unlink((ours + rel).c_str());
                ::unlink((theirs + rel).c_str());
            }
        }
    }
}

TEST_CASE("writing never replaces an existing object", "[loose]") {
    ScratchDir tmp;
    run(tmp.path(), "git init -q repo && cd repo && echo packed > p && git add p && git commit -qm p && git repack -adq");
    std::string repo = tmp.path() + "/repo";
    ObjectDatabase odb(repo + "/.git/objects", HashAlgo::sha1, {});
    ObjectId first = odb.write(ObjectType::blob, "data\n");
    std::string path = repo + "/.git/objects/" + first.hex().substr(0, 2) + "/" + first.hex().substr(2);
    struct stat before, after;
    REQUIRE(::stat(path.c_str(), &before) == 0);
    CHECK(odb.write(ObjectType::blob, "data\n") == first);
    REQUIRE(::stat(path.c_str(), &after) == 0);
    CHECK(before.st_ino == after.st_ino);

    // An object already packed is not written loose again.
    ObjectId packed = odb.write(ObjectType::blob, "packed\n");
    std::string loose = repo + "/.git/objects/" + packed.hex().substr(0, 2) + "/" + packed.hex().substr(2);
    CHECK(::access(loose.c_str(), F_OK) != 0);
    CHECK(capture(repo, "git fsck --strict 2>&1").find("error") == std::string::npos);
}

TEST_CASE("literal objects of any type name", "[loose]") {
    ScratchDir tmp;
    run(tmp.path(), "git init -q repo");
    std::string repo = tmp.path() + "/repo";
    ObjectDatabase odb(repo + "/.git/objects", HashAlgo::sha1, {});
    ObjectId id = odb.write_literally("foo", "odd\n");
    CHECK(id == odb.hash_literally("foo", "odd\n"));
    CHECK(id.hex() == capture(repo, "printf 'odd\\n' | git hash-object --literally -t foo --stdin").substr(0, 40));
    auto header = odb.read_header(id, true);
    REQUIRE(header);
    CHECK(header->type == ObjectType::bad);
    CHECK(header->unknown_type == "foo");
    CHECK(header->size == 4);
    CHECK_THROWS_WITH(odb.read_header(id), "invalid object type");
    CHECK(capture(repo, "git cat-file -t --allow-unknown-type " + id.hex()) == "foo\n");

    // A type name too long for git's 32-byte header buffer.
    std::string long_type(45, 'y');
    ObjectId long_id = odb.write_literally(long_type, "hi\n");
    auto long_header = odb.read_header(long_id, true);
    REQUIRE(long_header);
    CHECK(long_header->unknown_type == long_type);
    CHECK(long_header->size == 3);
    CHECK(capture(repo, "git cat-file -t --allow-unknown-type " + long_id.hex()) == long_type + "\n");
    try {
        odb.read_header(long_id);
        FAIL("no error");
    } catch (const CorruptData& e) {
        REQUIRE(e.error_lines.size() == 1);
        CHECK(e.error_lines[0] == "header for " + long_id.hex() + " too long, exceeds 32 bytes");
    }
}

TEST_CASE("corrupt loose objects fail with git's messages", "[loose][corrupt]") {
    ScratchDir tmp;
    run(tmp.path(), "git init -q repo && cd repo && echo hello > a && git add a && git commit -qm x");
    std::string repo = tmp.path() + "/repo";
    const std::string hex = capture(repo, "git rev-parse HEAD").substr(0, 40);
    const ObjectId id = *ObjectId::from_hex(hex, HashAlgo::sha1);
    const std::string path = repo + "/.git/objects/" + hex.substr(0, 2) + "/" + hex.substr(2);
    const std::string body = capture(repo, "git cat-file commit " + hex);
    const std::string size = std::to_string(body.size());
    ::chmod(path.c_str(), 0644);
    const std::string strip = repo + "/";

    struct Case {
        const char* name;
        std::string file;
    };
    std::string valid = zlib_compress("commit " + size + std::string(1, '\0') + body);
    std::vector<Case> cases = {
        {"bad zlib", "garbage bytes, not zlib"},
        {"empty file", ""},
        {"unparsable size", zlib_compress("commit x" + size + std::string(1, '\0') + body)},
        {"leading zero", zlib_compress("commit 0" + size + std::string(1, '\0') + body)},
        {"no NUL in 32 bytes", zlib_compress("commit " + size + body)},
        {"size too small", zlib_compress("commit " + std::to_string(body.size() - 1) + std::string(1, '\0') + body)},
        {"size too large", zlib_compress("commit " + std::to_string(body.size() + 1) + std::string(1, '\0') + body)},
        {"truncated", valid.substr(0, valid.size() - 5)},
        {"garbage after the stream", valid + "trailing"},
        {"flipped body byte", [&] { std::string v = valid; v[v.size() / 2] ^= 0x40; return v; }()},
        {"hash mismatch", zlib_compress("commit " + size + std::string(1, '\0') + body.substr(0, body.size() - 2) + "y\n")},
    };
    for (const Case& c : cases) {
        INFO(c.name);
        write_file(path, c.file);
        ObjectDatabase odb(repo + "/.git/objects", HashAlgo::sha1, {});

        std::string git_type = stderr_of(repo, "cat-file -t " + hex);
        std::string git_read = stderr_of(repo, "cat-file commit " + hex);
        try {
            auto h = odb.read_header(id);
            CHECK(git_type.empty());
            if (h) CHECK(capture(repo, "git cat-file -s " + hex + " 2>/dev/null; true") == std::to_string(h->size) + "\n");
        } catch (const CorruptData& e) {
            CHECK(as_printed(e, "git cat-file: could not get object info", strip) == git_type);
        }
        try {
            auto obj = odb.read(id);
            REQUIRE(obj);
            CHECK(git_read.empty());
            CHECK(capture(repo, "git cat-file commit " + hex + " 2>/dev/null; true") == obj->data);
        } catch (const CorruptData& e) {
            CHECK(as_printed(e, e.what(), strip) == git_read);
        }
    }
}
