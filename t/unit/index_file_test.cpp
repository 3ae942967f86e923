#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>
#include <string>
#include <unistd.h>

#include "index/index_file.h"
#include "util/error.h"

using namespace grit;

namespace {

void put32(std::string& out, std::uint32_t v) {
    for (int shift = 24; shift >= 0; shift -= 8) out += static_cast<char>((v >> shift) & 0xff);
}

// One entry: zeroed stat data, mode, a recognisable id, flags, then the name
// (padded for v2/v3, prefix-compressed for v4).
void put_entry(std::string& out, int version, std::uint32_t mode, char id_byte, int stage, const std::string& name,
               std::size_t strip = 0, const std::string& suffix = "") {
    std::size_t start = out.size();
    out.append(24, '\0');
    put32(out, mode);
    out.append(12, '\0');
    out.append(20, id_byte);
    std::uint16_t flags = static_cast<std::uint16_t>(stage << 12 | std::min<std::size_t>(name.size(), 0xfff));
    out += static_cast<char>(flags >> 8);
    out += static_cast<char>(flags & 0xff);
    if (version == 4) {
        out += static_cast<char>(strip);
        out += suffix;
        out += '\0';
        return;
    }
    out += name;
    std::size_t length = out.size() - start;
    out.append(((length + 8) & ~std::size_t(7)) - length, '\0');
}

std::string write_temp(const std::string& bytes) {
    char path[] = "/tmp/grit-index-test-XXXXXX";
    int fd = mkstemp(path);
    REQUIRE(fd >= 0);
    REQUIRE(write(fd, bytes.data(), bytes.size()) == static_cast<ssize_t>(bytes.size()));
    close(fd);
    return path;
}

std::string header(int version, std::uint32_t count) {
    std::string out = "DIRC";
    put32(out, static_cast<std::uint32_t>(version));
    put32(out, count);
    return out;
}

}  // namespace

TEST_CASE("a version 2 index lists entries with stages and modes", "[index]") {
    std::string bytes = header(2, 3);
    put_entry(bytes, 2, 0100644, '\x11', 0, "a.txt");
    put_entry(bytes, 2, 0100755, '\x22', 1, "src/run.sh");
    put_entry(bytes, 2, 0100644, '\x33', 2, "src/run.sh");
    bytes.append(20, '\0');  // checksum (not verified)
    std::string path = write_temp(bytes);
    auto index = IndexFile::read(path, HashAlgo::sha1);
    std::remove(path.c_str());
    REQUIRE(index);
    REQUIRE(index->entries().size() == 3);
    CHECK(index->entries()[1].path == "src/run.sh");
    CHECK(index->entries()[1].mode == 0100755);
    const IndexEntry* first = index->find("src/run.sh");
    REQUIRE(first);
    CHECK(first->stage == 1);
    const IndexEntry* theirs = index->find("src/run.sh", 2);
    REQUIRE(theirs);
    CHECK(theirs->oid.data()[0] == 0x33);
    CHECK_FALSE(index->find("src/run.sh", 0));
    CHECK_FALSE(index->find("src"));
}

TEST_CASE("a version 4 index strips shared prefixes", "[index]") {
    std::string bytes = header(4, 2);
    put_entry(bytes, 4, 0100644, '\x01', 0, "docs/a.txt", 0, "docs/a.txt");
    put_entry(bytes, 4, 0100644, '\x02', 0, "docs/b.txt", 5, "b.txt");
    bytes.append(20, '\0');
    std::string path = write_temp(bytes);
    auto index = IndexFile::read(path, HashAlgo::sha1);
    std::remove(path.c_str());
    REQUIRE(index);
    REQUIRE(index->entries().size() == 2);
    CHECK(index->entries()[1].path == "docs/b.txt");
}

TEST_CASE("a missing index is empty, a damaged one is corrupt", "[index]") {
    CHECK_FALSE(IndexFile::read("/nonexistent/grit/index", HashAlgo::sha1));
    std::string bytes = header(2, 5);
    put_entry(bytes, 2, 0100644, '\x11', 0, "a.txt");
    bytes.append(20, '\0');
    std::string path = write_temp(bytes);
    CHECK_THROWS_AS(IndexFile::read(path, HashAlgo::sha1), CorruptData);
    std::remove(path.c_str());
    std::string bad = "DIRX" + header(2, 0).substr(4) + std::string(20, '\0');
    path = write_temp(bad);
    CHECK_THROWS_AS(IndexFile::read(path, HashAlgo::sha1), CorruptData);
    std::remove(path.c_str());
}
