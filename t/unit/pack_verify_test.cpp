#include <catch2/catch.hpp>

#include <zlib.h>

#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "git_fixture.h"
#include "hash/hasher.h"
#include "odb/pack_verify.h"
#include "util/error.h"

using grit::CorruptData;
using grit::Error;
using grit::HashAlgo;
using grit::ObjectId;
using grit::ObjectType;
using grit::PackVerifier;

namespace {

std::string deflate(const std::string& data) {
    uLongf len = compressBound(data.size());
    std::string out(len, '\0');
    compress2(reinterpret_cast<Bytef*>(out.data()), &len, reinterpret_cast<const Bytef*>(data.data()), data.size(),
              Z_DEFAULT_COMPRESSION);
    out.resize(len);
    return out;
}

std::string size_varint(std::uint64_t v) {
    std::string out;
    do {
        std::uint8_t c = v & 0x7f;
        v >>= 7;
        out += static_cast<char>(c | (v ? 0x80 : 0));
    } while (v);
    return out;
}

// Packs built by hand, for damage git's own tools never write.
class PackBuilder {
public:
    // Returns the entry's offset.
    std::uint64_t add(int type, const std::string& data, std::optional<std::uint64_t> base_offset = {},
                      std::optional<ObjectId> base_id = {}, std::optional<std::uint64_t> header_size = {}) {
        const std::uint64_t offset = next_offset();
        std::uint64_t size = header_size.value_or(data.size());
        std::uint8_t c = static_cast<std::uint8_t>((type << 4) | (size & 15));
        size >>= 4;
        while (size) {
            body_ += static_cast<char>(c | 0x80);
            c = size & 0x7f;
            size >>= 7;
        }
        body_ += static_cast<char>(c);
        if (base_offset) {
            std::uint64_t ofs = offset - *base_offset;
            std::string enc(1, static_cast<char>(ofs & 127));
            while (ofs >>= 7) enc.insert(enc.begin(), static_cast<char>(128 | (--ofs & 127)));
            body_ += enc;
        }
        if (base_id) body_.append(reinterpret_cast<const char*>(base_id->data()), base_id->size());
        body_ += deflate(data);
        ++count_;
        return offset;
    }

    std::uint64_t next_offset() const { return 12 + body_.size(); }

    std::string finish() const {
        std::string pack = "PACK";
        for (std::uint32_t v : {2u, count_})
            for (int shift = 24; shift >= 0; shift -= 8) pack += static_cast<char>(v >> shift);
        pack += body_;
        ObjectId sum = grit::hash_bytes(HashAlgo::sha1, pack);
        pack.append(reinterpret_cast<const char*>(sum.data()), sum.size());
        return pack;
    }

private:
    std::string body_;
    std::uint32_t count_ = 0;
};

std::string delta(std::uint64_t base_size, const std::string& ops, std::uint64_t result_size) {
    return size_varint(base_size) + size_varint(result_size) + ops;
}

// An index of no objects: enough for git (and PackVerifier) to start reading the pack.
std::string empty_index() {
    std::string idx("\xfftOc\0\0\0\x02", 8);
    idx += std::string(1024 + 40, '\0');
    return idx;
}

// What `git verify-pack` prints on stderr for a hand-made pack, and what
// PackVerifier reports for it, formatted the same way.
struct Outcome {
    std::string git, grit;
};

Outcome verify_both(const std::string& pack) {
    grit_test::ScratchDir dir;
    grit_test::write_file(dir.path() + "/t.pack", pack);
    grit_test::write_file(dir.path() + "/t.idx", empty_index());
    Outcome out;
    out.git = grit_test::capture(dir.path(), "git verify-pack t.pack 2>&1 >/dev/null; true");
    try {
        PackVerifier verifier(dir.path() + "/t.pack", HashAlgo::sha1);
        verifier.check_index(verifier.scan());
    } catch (const Error& e) {
        for (const auto& line : e.error_lines) out.grit += "error: " + line + "\n";
        out.grit += std::string("fatal: ") + e.what() + "\n";
    }
    // git names the pack as given on its command line.
    const std::string full = dir.path() + "/t.";
    for (std::size_t at; (at = out.grit.find(full)) != std::string::npos;) out.grit.replace(at, full.size(), "t.");
    return out;
}

const std::string base_text = "hello, world\nthis is the base\n";

}  // namespace

TEST_CASE("verification agrees with git verify-pack -v on a pack git made", "[pack_verify]") {
    grit_test::ScratchDir dir;
    grit_test::run(dir.path(),
                   "git init -q r && cd r && for i in $(seq 1 12); do seq 1 $((i * 9)) >f; echo $i >>g; "
                   "git add .; git commit -qm c$i; done && git repack -adfq --depth=5");
    const std::string pack = grit_test::only_pack(dir.path() + "/r/.git");
    PackVerifier verifier(pack, HashAlgo::sha1);
    grit::PackScan scan = verifier.scan();
    CHECK_NOTHROW(verifier.check_index(scan));

    std::istringstream git(grit_test::capture(dir.path(), "git verify-pack -v " + pack));
    std::uint32_t deltas = 0;
    for (const auto& rec : scan.objects) {
        std::string line;
        REQUIRE(std::getline(git, line));
        std::ostringstream mine;
        mine << rec.id.hex() << ' ' << grit::type_name(rec.type) << std::string(6 - grit::type_name(rec.type).size(), ' ')
             << ' ' << rec.size << ' ' << rec.disk_size << ' ' << rec.offset;
        if (rec.base) {
            mine << ' ' << rec.depth << ' ' << scan.objects[*rec.base].id.hex();
            ++deltas;
        }
        CHECK(mine.str() == line);
    }
    CHECK(scan.delta_count == deltas);
    CHECK(deltas > 0);
}

TEST_CASE("a ref delta whose base is not in the pack is unresolved", "[pack_verify]") {
    PackBuilder b;
    b.add(3, base_text);
    b.add(7, delta(5, "\x03" "abc", 3), {}, ObjectId::from_hex(std::string(40, '1'), HashAlgo::sha1));
    b.add(7, delta(5, "\x03" "abc", 3), {}, ObjectId::from_hex(std::string(40, '2'), HashAlgo::sha1));
    Outcome o = verify_both(b.finish());
    CHECK(o.grit == "fatal: pack has 2 unresolved deltas\n");
    CHECK(o.grit == o.git);
}

TEST_CASE("deltas that cannot be applied", "[pack_verify]") {
    SECTION("opcode 0") {
        PackBuilder b;
        std::uint64_t base = b.add(3, base_text);
        b.add(6, delta(base_text.size(), std::string("\x00\x00", 2), 1), base);
        Outcome o = verify_both(b.finish());
        CHECK(o.grit == "error: unexpected delta opcode 0\nfatal: pack has bad object at offset 50: failed to apply delta\n");
        CHECK(o.grit == o.git);
    }
    SECTION("a copy outside the base") {
        PackBuilder b;
        std::uint64_t base = b.add(3, base_text);
        b.add(6, delta(base_text.size(), std::string("\x91\x00\x70", 3), 0x70), base);
        Outcome o = verify_both(b.finish());
        CHECK(o.grit == o.git);
        CHECK(o.grit.find("delta replay has gone wild") != std::string::npos);
    }
    SECTION("a delta too short to hold anything") {
        PackBuilder b;
        std::uint64_t base = b.add(3, base_text);
        b.add(6, delta(base_text.size(), "\x91", 0x70), base);
        Outcome o = verify_both(b.finish());
        CHECK(o.grit == "fatal: pack has bad object at offset 50: failed to apply delta\n");
        CHECK(o.grit == o.git);
    }
    SECTION("a base of the wrong size") {
        PackBuilder b;
        std::uint64_t base = b.add(3, base_text);
        b.add(6, delta(base_text.size() + 1, "\x03" "abc", 3), base);
        Outcome o = verify_both(b.finish());
        CHECK(o.grit == "fatal: pack has bad object at offset 50: failed to apply delta\n");
        CHECK(o.grit == o.git);
    }
}

TEST_CASE("bad entry headers", "[pack_verify]") {
    SECTION("unknown type") {
        PackBuilder b;
        b.add(5, base_text);
        Outcome o = verify_both(b.finish());
        CHECK(o.grit == "fatal: pack has bad object at offset 12: unknown object type 5\n");
        CHECK(o.grit == o.git);
    }
    SECTION("delta base before the start of the pack") {
        PackBuilder b;
        b.add(3, base_text);
        b.add(6, delta(1, "\x01x", 1), 0);
        Outcome o = verify_both(b.finish());
        CHECK(o.grit == o.git);
    }
    SECTION("a delta naming itself as base") {
        PackBuilder b;
        b.add(3, base_text);
        b.add(6, delta(1, "\x01x", 1), b.next_offset());
        Outcome o = verify_both(b.finish());
        CHECK(o.grit == "fatal: pack has bad object at offset 50: delta base offset is out of bound\n");
        CHECK(o.grit == o.git);
    }
    SECTION("a size the data does not fill") {
        PackBuilder b;
        b.add(3, base_text, {}, {}, base_text.size() + 5);
        Outcome o = verify_both(b.finish());
        CHECK(o.grit == "fatal: pack has bad object at offset 12: inflate returned 1\n");
        CHECK(o.grit == o.git);
    }
    SECTION("more data than the size") {
        PackBuilder b;
        b.add(3, base_text, {}, {}, base_text.size() - 5);
        Outcome o = verify_both(b.finish());
        CHECK(o.grit == o.git);
    }
}

TEST_CASE("the same object twice", "[pack_verify]") {
    PackBuilder b;
    b.add(3, base_text);
    b.add(3, base_text);
    Outcome o = verify_both(b.finish());
    // git's index writer refuses the pack while comparing it with the existing index.
    CHECK(o.grit == o.git);
}
