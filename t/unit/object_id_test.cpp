#include <catch2/catch.hpp>

#include "hash/hasher.h"
#include "hash/object_id.h"

using namespace grit;

TEST_CASE("object ids round-trip through hex in both hash functions") {
    auto sha1 = ObjectId::from_hex("e69de29bb2d1d6434b8b29ae775ad8c2e48c5391", HashAlgo::sha1);
    REQUIRE(sha1);
    CHECK(sha1->hex() == "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391");
    CHECK(sha1->size() == 20);
    auto upper = ObjectId::from_hex("E69DE29BB2D1D6434B8B29AE775AD8C2E48C5391", HashAlgo::sha1);
    REQUIRE(upper);
    CHECK(*upper == *sha1);

    std::string hex256(64, 'a');
    auto sha256 = ObjectId::from_hex(hex256, HashAlgo::sha256);
    REQUIRE(sha256);
    CHECK(sha256->hex() == hex256);
}

TEST_CASE("malformed hex is refused") {
    CHECK_FALSE(ObjectId::from_hex("e69de29b", HashAlgo::sha1));
    CHECK_FALSE(ObjectId::from_hex("g69de29bb2d1d6434b8b29ae775ad8c2e48c5391", HashAlgo::sha1));
    CHECK_FALSE(ObjectId::from_hex(std::string(64, 'a'), HashAlgo::sha1));
}

TEST_CASE("null ids and ordering") {
    CHECK(ObjectId::null(HashAlgo::sha1).is_null());
    auto a = *ObjectId::from_hex(std::string(39, '0') + "1", HashAlgo::sha1);
    auto b = *ObjectId::from_hex(std::string(39, '0') + "2", HashAlgo::sha1);
    CHECK_FALSE(a.is_null());
    CHECK(a < b);
}

TEST_CASE("hashing matches git's empty blob and tree ids") {
    CHECK(hash_bytes(HashAlgo::sha1, std::string_view("blob 0\0", 7)).hex() ==
          "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391");
    CHECK(hash_bytes(HashAlgo::sha1, std::string_view("tree 0\0", 7)).hex() ==
          "4b825dc642cb6eb9a060e54bf8d69288fbee4904");
    CHECK(hash_bytes(HashAlgo::sha256, std::string_view("blob 0\0", 7)).hex() ==
          "473a0f4c3be8a93681a267e3b1e9a7dcda1185436fe141f7749120a303721813");
    Hasher h(HashAlgo::sha1);
    h.update("blob ");
    h.update("0", 1);
    h.update(std::string_view("\0", 1));
    CHECK(h.finish().hex() == "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391");
}
