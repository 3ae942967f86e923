#include <catch2/catch.hpp>

#include <string>

#include "refs/packed_refs_writer.h"
#include "util/progress.h"

using namespace grit;

TEST_CASE("progress draws on each percent change and ends with done", "[progress]") {
    std::string out;
    {
        Progress p([&](std::string_view s) { out += s; }, "Counting objects", 200);
        for (int i = 1; i <= 200; ++i) p.update(i);
        p.finish();
    }
    REQUIRE(out.starts_with("Counting objects:   0% (1/200)\rCounting objects:   1% (2/200)\r"));
    REQUIRE(out.ends_with("Counting objects: 100% (200/200)\rCounting objects: 100% (200/200), done.\n"));
}

TEST_CASE("progress without a sink or an update draws nothing", "[progress]") {
    std::string out;
    { Progress p([&](std::string_view s) { out += s; }, "Writing objects", 10); }
    REQUIRE(out.empty());
    Progress silent({}, "Writing objects", 10);
    silent.update(5);
    silent.finish();
}

TEST_CASE("progress pads a shorter line over the previous one", "[progress]") {
    std::string out;
    Progress p([&](std::string_view s) { out += s; }, "Objects", 0);
    p.update(12345);
    p.finish();
    REQUIRE(out == "Objects: 12345, done.\n");
}

TEST_CASE("packed-refs bytes carry git's header and peeled lines", "[refs]") {
    auto a = *ObjectId::from_hex(std::string(40, 'a'), HashAlgo::sha1);
    auto b = *ObjectId::from_hex(std::string(40, 'b'), HashAlgo::sha1);
    std::vector<PackedRefRecord> recs = {{"refs/heads/main", a, {}}, {"refs/tags/v1", b, a}};
    REQUIRE(encode_packed_refs(recs) == "# pack-refs with: peeled fully-peeled sorted \n" + std::string(40, 'a') +
                                            " refs/heads/main\n" + std::string(40, 'b') + " refs/tags/v1\n^" +
                                            std::string(40, 'a') + "\n");
    std::swap(recs[0], recs[1]);
    REQUIRE_THROWS_AS(encode_packed_refs(recs), std::invalid_argument);
}
