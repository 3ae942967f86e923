#include <catch2/catch.hpp>

#include "util/path.h"

using namespace grit;

TEST_CASE("path: relative_path as git computes it", "[path]") {
    CHECK(relative_path("/a/b/c", "/a/b/") == "c");
    CHECK(relative_path("/a/b/c", "/a/b") == "c");
    CHECK(relative_path("/a/b", "/a/b") == "./");
    CHECK(relative_path("/a/b/", "/a/b") == "./");
    CHECK(relative_path("/a/b", "/a/b/c/") == "../");
    CHECK(relative_path("/a/bc", "/a/b/") == "../bc");
    CHECK(relative_path("/x/y", "/a/b/") == "../../x/y");
    CHECK(relative_path(".git", "a/b/") == "../../.git");
    CHECK(relative_path("/abs", "rel/") == "/abs");
    CHECK(relative_path("rel", "/abs/") == "rel");
    CHECK(relative_path(".git", "") == ".git");
    CHECK(relative_path("", "/a") == "./");
    CHECK(relative_path("/a//b/c", "/a/b//") == "c");
}

TEST_CASE("path: normalize and join", "[path]") {
    CHECK(normalize_path("/a/./b//c/../d/") == "/a/b/d");
    CHECK(normalize_path("a/../..") == "..");
    CHECK(normalize_path("/..") == "/");
    CHECK(normalize_path("./") == ".");
    CHECK(join_path("/a", "b") == "/a/b");
    CHECK(join_path("/a/", "b") == "/a/b");
    CHECK(join_path("/a", "/b") == "/b");
    CHECK(directory_part("a/b/c") == "a/b/");
    CHECK(directory_part("c") == "");
    CHECK(is_path_inside("/a/b", "/a"));
    CHECK(is_path_inside("/a", "/a"));
    CHECK_FALSE(is_path_inside("/ab", "/a"));
    CHECK(is_path_inside("/x", "/"));
}

TEST_CASE("path: real_path", "[path]") {
    CHECK(real_path("/") == "/");
    CHECK_FALSE(real_path("/nonexistent-grit-dir/x"));
    CHECK(real_path("/nonexistent-grit-dir", true) == "/nonexistent-grit-dir");
}
