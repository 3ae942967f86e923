#include <catch2/catch.hpp>

#include <fcntl.h>
#include <unistd.h>
#include <zlib.h>

#include <map>
#include <string>
#include <vector>

#include "git_fixture.h"
#include "hash/hasher.h"
#include "odb/pack_index.h"
#include "pack/delta_resolver.h"
#include "pack/pack_stream_reader.h"
#include "util/error.h"
#include "util/mapped_file.h"

using namespace grit;
using namespace grit_test;

namespace {

std::string packed_repo(const std::string& dir) {
    run(dir, "git init -q repo && cd repo && "
             "for i in $(seq 1 25); do seq 1 $((i * 9)) > f; echo $i > g$((i % 4)); "
             "git add . && git commit -qm c$i; done && git repack -adfq");
    return dir + "/repo";
}

struct Fd {
    int fd;
    explicit Fd(const std::string& path) : fd(::open(path.c_str(), O_RDONLY)) { REQUIRE(fd >= 0); }
    ~Fd() { ::close(fd); }
};

// A pack of one entry: a header declaring `declared` bytes of `type`, then
// `text` deflated.
std::string one_entry_pack(int type, std::uint64_t declared, const std::string& text) {
    std::string pack("PACK\0\0\0\2\0\0\0\1", 12);
    std::uint8_t c = static_cast<std::uint8_t>((type << 4) | (declared & 15));
    declared >>= 4;
    while (declared) {
        pack.push_back(static_cast<char>(c | 0x80));
        c = declared & 0x7f;
        declared >>= 7;
    }
    pack.push_back(static_cast<char>(c));
    uLongf len = compressBound(text.size());
    std::string z(len, '\0');
    compress(reinterpret_cast<Bytef*>(z.data()), &len, reinterpret_cast<const Bytef*>(text.data()), text.size());
    pack += z.substr(0, len);
    ObjectId sum = hash_bytes(HashAlgo::sha1, pack);
    pack.append(reinterpret_cast<const char*>(sum.data()), sum.size());
    return pack;
}

}  // namespace

TEST_CASE("PackStreamReader reads a git pack: offsets, CRC32s, ids, checksum", "[pack_stream_reader]") {
    ScratchDir dir;
    std::string repo = packed_repo(dir.path());
    std::string pack = only_pack(repo + "/.git");
    PackIndex idx(pack.substr(0, pack.size() - 5) + ".idx", HashAlgo::sha1);
    std::map<std::uint64_t, std::uint32_t> by_offset;
    for (std::uint32_t i = 0; i < idx.count(); ++i) by_offset[idx.offset_at(i)] = i;

    Fd in(pack);
    PackStreamReader reader(in.fd, -1, HashAlgo::sha1);
    std::uint32_t count = reader.read_header();
    REQUIRE(count == idx.count());
    PackStreamEntry entry;
    std::string data;
    std::size_t deltas = 0;
    for (std::uint32_t i = 0; i < count; ++i) {
        reader.next_entry(entry, data);
        REQUIRE(by_offset.count(entry.offset));
        std::uint32_t pos = by_offset[entry.offset];
        CHECK(entry.crc32 == idx.crc32_at(pos));
        CHECK(data.size() == entry.size);
        if (entry.type == ObjectType::ofs_delta || entry.type == ObjectType::ref_delta)
            ++deltas;
        else
            CHECK(entry.id == idx.oid_at(pos));
    }
    CHECK(deltas > 0);
    CHECK(reader.finish() == idx.pack_checksum());
}

TEST_CASE("DeltaResolver gives every delta of a git pack its id", "[delta_resolver]") {
    ScratchDir dir;
    std::string repo = packed_repo(dir.path());
    std::string pack_path = only_pack(repo + "/.git");
    PackIndex idx(pack_path.substr(0, pack_path.size() - 5) + ".idx", HashAlgo::sha1);

    Fd in(pack_path);
    PackStreamReader reader(in.fd, -1, HashAlgo::sha1);
    std::uint32_t count = reader.read_header();
    std::vector<IndexedObject> objects;
    DeltaEdges edges;
    PackStreamEntry entry;
    std::string data;
    for (std::uint32_t i = 0; i < count; ++i) {
        reader.next_entry(entry, data);
        IndexedObject obj;
        obj.offset = entry.offset;
        obj.size = entry.size;
        obj.header_len = entry.header_len;
        obj.type = obj.real_type = entry.type;
        obj.id = entry.id;
        if (entry.type == ObjectType::ofs_delta) edges.ofs.emplace_back(entry.base_offset, i);
        if (entry.type == ObjectType::ref_delta) edges.ref.emplace_back(entry.base_id, i);
        objects.push_back(obj);
    }
    const std::uint64_t end = reader.consumed();
    reader.finish();
    MappedFile pack(pack_path);
    std::atomic<int> seen{0};
    DeltaResolver resolver(objects, std::move(edges), HashAlgo::sha1,
                           [&](const ObjectId&, ObjectType, std::string_view) { ++seen; });
    resolver.resolve(pack.view().substr(0, end), end, 2);
    CHECK(resolver.resolved_count() == resolver.delta_count());
    CHECK(seen.load() == static_cast<int>(resolver.delta_count()));
    for (const IndexedObject& obj : objects) {
        CHECK(idx.find(obj.id).has_value());
        CHECK(obj.real_type != ObjectType::ofs_delta);
        CHECK(obj.real_type != ObjectType::ref_delta);
    }
}

TEST_CASE("PackStreamReader does not allocate what a header only claims", "[pack_stream_reader]") {
    ScratchDir dir;
    // A commit claiming 1 TiB, with 5 bytes of data.
    write_file(dir.path() + "/lie.pack", one_entry_pack(1, std::uint64_t{1} << 40, "short"));
    Fd in(dir.path() + "/lie.pack");
    PackStreamReader reader(in.fd, -1, HashAlgo::sha1);
    REQUIRE(reader.read_header() == 1);
    PackStreamEntry entry;
    std::string data;
    CHECK_THROWS_WITH(reader.next_entry(entry, data), "pack has bad object at offset 12: inflate returned 1");
    CHECK(data.capacity() < (1u << 20));
}

TEST_CASE("PackStreamReader words a truncated stream as git does", "[pack_stream_reader]") {
    ScratchDir dir;
    std::string pack = one_entry_pack(3, 11, "hello world");
    write_file(dir.path() + "/cut.pack", pack.substr(0, 16));
    Fd in(dir.path() + "/cut.pack");
    PackStreamReader reader(in.fd, -1, HashAlgo::sha1);
    REQUIRE(reader.read_header() == 1);
    PackStreamEntry entry;
    std::string data;
    CHECK_THROWS_WITH(reader.next_entry(entry, data), "early EOF");
}
