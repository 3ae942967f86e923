#include <catch2/catch.hpp>

#include <unistd.h>
#include <zlib.h>

#include <cstdio>
#include <string>
#include <vector>

#include "hash/hasher.h"
#include "pack/pack_writer.h"
#include "pack/packing_list.h"
#include "pack/write_order.h"

using namespace grit;

namespace {

std::vector<std::uint8_t> header_of(ObjectType type, std::uint64_t size) {
    std::uint8_t out[16];
    return {out, out + encode_entry_header(type, size, out)};
}

std::vector<std::uint8_t> ofs_of(std::uint64_t distance) {
    std::uint8_t out[16];
    return {out, out + encode_ofs_distance(distance, out)};
}

ObjectId id_of(int n) {
    ObjectId id;
    id.bytes[0] = static_cast<std::uint8_t>(n);
    id.bytes[1] = static_cast<std::uint8_t>(n >> 8);
    id.bytes[19] = 1;
    return id;
}

}  // namespace

TEST_CASE("entry headers: type in bits 4-6, size in 4 then 7-bit groups", "[pack_writer]") {
    CHECK(header_of(ObjectType::commit, 0) == std::vector<std::uint8_t>{0x10});
    CHECK(header_of(ObjectType::blob, 15) == std::vector<std::uint8_t>{0x3f});
    CHECK(header_of(ObjectType::blob, 16) == std::vector<std::uint8_t>{0xb0, 0x01});
    CHECK(header_of(ObjectType::ofs_delta, 1000) == std::vector<std::uint8_t>{0xe8, 0x3e});
    CHECK(header_of(ObjectType::tree, 1ull << 40).size() == 7);  // 4 + 6 * 7 bits
}

TEST_CASE("ofs_delta distances use git's biased base-128", "[pack_writer]") {
    CHECK(ofs_of(1) == std::vector<std::uint8_t>{0x01});
    CHECK(ofs_of(127) == std::vector<std::uint8_t>{0x7f});
    CHECK(ofs_of(128) == std::vector<std::uint8_t>{0x80, 0x00});
    CHECK(ofs_of(16511) == std::vector<std::uint8_t>{0xff, 0x7f});
    CHECK(ofs_of(16512) == std::vector<std::uint8_t>{0x80, 0x80, 0x00});
}

TEST_CASE("compress_zlib output inflates back at every level", "[pack_writer]") {
    std::string data;
    for (int i = 0; i < 5000; ++i) data += "line " + std::to_string(i % 97) + "\n";
    for (int level : {-1, 0, 1, 6, 9}) {
        std::string z = compress_zlib(data, level);
        std::string back(data.size(), '\0');
        uLongf len = back.size();
        REQUIRE(uncompress(reinterpret_cast<Bytef*>(back.data()), &len, reinterpret_cast<const Bytef*>(z.data()),
                           z.size()) == Z_OK);
        CHECK(len == data.size());
        CHECK(back == data);
    }
    CHECK(compress_zlib(data, 9).size() < compress_zlib(data, 0).size());
}

TEST_CASE("PackStream: header, CRC per entry, trailing checksum of the stream", "[pack_writer]") {
    char path[] = "/tmp/grit-pack-writer-XXXXXX";
    int fd = mkstemp(path);
    REQUIRE(fd >= 0);
    PackStream stream(fd, HashAlgo::sha1, true);
    stream.write_header(1);
    stream.begin_entry();
    stream.write("abc");
    CHECK(stream.end_entry() == crc32(0, reinterpret_cast<const Bytef*>("abc"), 3));
    CHECK(stream.offset() == 15);
    ObjectId sum = stream.finish();
    close(fd);
    std::FILE* f = std::fopen(path, "rb");
    std::string bytes(100, '\0');
    bytes.resize(std::fread(bytes.data(), 1, bytes.size(), f));
    std::fclose(f);
    unlink(path);
    REQUIRE(bytes.size() == 35);
    CHECK(bytes.substr(0, 12) == std::string("PACK\0\0\0\2\0\0\0\1", 12));
    CHECK(hash_bytes(HashAlgo::sha1, bytes.substr(0, 15)) == sum);
    CHECK(bytes.substr(15) == std::string(reinterpret_cast<const char*>(sum.data()), 20));
}

TEST_CASE("write order: tagged objects after the untagged front, bases before deltas", "[write_order]") {
    PackingList list;
    // 0 commit, 1 commit (tagged), 2 tree, 3 blob delta of 4, 4 blob, 5 blob delta of 3
    const ObjectType types[] = {ObjectType::commit, ObjectType::commit, ObjectType::tree,
                                ObjectType::blob,   ObjectType::blob,   ObjectType::blob};
    for (int i = 0; i < 6; ++i) list.add(id_of(i)).type = types[i];
    list[1].tagged = true;
    list[3].delta = 4;
    list[5].delta = 3;
    std::vector<std::uint32_t> order = compute_write_order(list);
    CHECK(order == std::vector<std::uint32_t>{0, 1, 2, 4, 3, 5});
    CHECK(write_sequence(list, order) == order);
    CHECK(list.find(id_of(5)) == 5);
    CHECK(list.find(id_of(9)) == kNoEntry);
}

TEST_CASE("write sequence pulls a base in front of its delta and breaks loops", "[write_order]") {
    PackingList list;
    for (int i = 0; i < 4; ++i) list.add(id_of(i)).type = ObjectType::blob;
    list[0].delta = 2;  // 0's base comes later in the order
    list[1].delta = 3;
    list[3].delta = 1;  // 1 <-> 3 loop
    std::vector<std::uint32_t> sequence = write_sequence(list, {0, 1, 2, 3});
    CHECK(sequence.front() == 2);
    CHECK(sequence.size() == 4);
    const bool loop_broken = list[1].delta == kNoEntry || list[3].delta == kNoEntry;
    CHECK(loop_broken);
}
