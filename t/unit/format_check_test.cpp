#include <catch2/catch.hpp>

#include "object/format_check.h"
#include "util/error.h"

using namespace grit;

static std::string failure(ObjectType type, std::string_view data) {
    try {
        check_object_format(type, data, HashAlgo::sha1);
    } catch (const CorruptData& e) {
        std::string out;
        for (const auto& line : e.error_lines) out += "error: " + line + "\n";
        return out + e.what();
    }
    return "ok";
}

static const std::string kTree = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";
static const std::string kZero(40, '0');

TEST_CASE("tree checks", "[format_check]") {
    std::string raw(20, '\x11');
    CHECK(failure(ObjectType::tree, "") == "ok");
    CHECK(failure(ObjectType::tree, "100644 f" + std::string(1, '\0') + raw) == "ok");
    CHECK(failure(ObjectType::tree, "hi\n") == "too-short tree object");
    CHECK(failure(ObjectType::tree, "10x644 f" + std::string(1, '\0') + raw) == "malformed mode in tree entry");
    CHECK(failure(ObjectType::tree, "100644 " + std::string(1, '\0') + raw) == "empty filename in tree entry");
    CHECK(failure(ObjectType::tree, " f" + std::string(1, '\0') + raw) == "malformed mode in tree entry");
}

TEST_CASE("commit checks", "[format_check]") {
    CHECK(failure(ObjectType::commit, "tree " + kTree + "\nauthor x\n\nmsg") == "ok");
    CHECK(failure(ObjectType::commit, "hi\n") == "error: bogus commit object " + kZero + "\ncorrupt commit");
    CHECK(failure(ObjectType::commit, "tree " + std::string(40, 'g') + "\n\n") ==
          "error: bad tree pointer in commit " + kZero + "\ncorrupt commit");
    CHECK(failure(ObjectType::commit, "tree " + kTree + "\nparent " + std::string(40, 'z') + "\n\n") ==
          "error: bad parents in commit " + kZero + "\ncorrupt commit");
    CHECK(failure(ObjectType::commit, "tree " + kTree + "\nparent " + kTree + "\n\n") ==
          "error: object " + kTree + " is a tree, not a commit\nerror: bad parent " + kTree + " in commit " + kZero +
              "\ncorrupt commit");
}

TEST_CASE("tag checks", "[format_check]") {
    std::string good = "object " + kTree + "\ntype tree\ntag v1\ntagger x\n\nmsg";
    CHECK(failure(ObjectType::tag, good) == "ok");
    CHECK(failure(ObjectType::tag, "object x") == "corrupt tag");
    CHECK(failure(ObjectType::tag, "object " + kTree + "\ntype frob\ntag v1\n\n") ==
          "error: unknown tag type 'frob' in " + kZero + "\ncorrupt tag");
    CHECK(failure(ObjectType::tag, "object " + kTree + "\ntype tree\nname v1\n\n") == "corrupt tag");
    CHECK(failure(ObjectType::blob, "anything") == "ok");
}
