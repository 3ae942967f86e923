#include <catch2/catch.hpp>

#include "object/batch_format.h"
#include "util/error.h"

using namespace grit;

namespace {

std::string expand(std::string_view fmt, const BatchValues& v) {
    std::string out;
    BatchFormat(fmt).expand(out, v);
    return out;
}

BatchValues sample() {
    BatchValues v;
    v.oid = *ObjectId::from_hex("0123456789abcdef0123456789abcdef01234567", HashAlgo::sha1);
    v.type_name = "blob";
    v.size = 42;
    v.disk_size = 17;
    v.delta_base = ObjectId::null(HashAlgo::sha1);
    v.rest = "rest of line";
    return v;
}

}  // namespace

TEST_CASE("batch format: default format expands to id, type and size") {
    BatchFormat f(BatchFormat::default_format);
    CHECK(f.is_default());
    CHECK(f.fields().type);
    CHECK(f.fields().size);
    CHECK_FALSE(f.fields().disk_size);
    CHECK(expand(BatchFormat::default_format, sample()) == "0123456789abcdef0123456789abcdef01234567 blob 42");
}

TEST_CASE("batch format: every atom") {
    BatchValues v = sample();
    v.mode = 0100644;
    CHECK(expand("%(objectsize:disk)|%(deltabase)|%(rest)|%(objectmode)", v) ==
          "17|0000000000000000000000000000000000000000|rest of line|100644");
    v.mode = 040000;
    CHECK(expand("%(objectmode)", v) == "040000");
    v.mode.reset();
    CHECK(expand("[%(objectmode)]", v) == "[]");
}

TEST_CASE("batch format: fields say what must be looked up") {
    CHECK_FALSE(BatchFormat("%(objectname)").fields().needs_object_info());
    CHECK_FALSE(BatchFormat("%(objectname) %(rest)").fields().needs_object_info());
    CHECK(BatchFormat("%(objectname) %(rest)").fields().rest);
    CHECK(BatchFormat("%(deltabase)").fields().needs_object_info());
    CHECK(BatchFormat("%(objectsize:disk)").fields().disk_size);
}

TEST_CASE("batch format: percent signs that are not placeholders stay") {
    BatchValues v = sample();
    CHECK(expand("100%% %x %", v) == "100% %x %");
    CHECK(expand("", v).empty());
}

TEST_CASE("batch format: git's errors") {
    auto message = [](std::string_view fmt) {
        try {
            BatchFormat f(fmt);
        } catch (const Error& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    CHECK(message("%(foo)") == "unknown format element: foo");
    CHECK(message("a %() b") == "unknown format element: ");
    CHECK(message("x %(objectname") == "format element '(objectname' does not end in ')'");
    CHECK(message("%(objectsize:disk)x %(objectname") == "format element '(objectname' does not end in ')'");
}
