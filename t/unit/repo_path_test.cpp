#include <catch2/catch.hpp>

#include "util/repo_path.h"

using grit::normalize_repo_path;
using grit::relative_to_prefix;

TEST_CASE("normalize_repo_path resolves dots and keeps a directory's slash", "[repo_path]") {
    CHECK(normalize_repo_path("a/./b") == std::optional<std::string>("a/b"));
    CHECK(normalize_repo_path("a//b") == std::optional<std::string>("a/b"));
    CHECK(normalize_repo_path("c/../a/") == std::optional<std::string>("a/"));
    CHECK(normalize_repo_path("a/.") == std::optional<std::string>("a/"));
    CHECK(normalize_repo_path("a/b/..") == std::optional<std::string>("a/"));
    CHECK(normalize_repo_path("a/..") == std::optional<std::string>(""));
    CHECK(normalize_repo_path("./") == std::optional<std::string>(""));
    CHECK(normalize_repo_path("") == std::optional<std::string>(""));
    CHECK_FALSE(normalize_repo_path(".."));
    CHECK_FALSE(normalize_repo_path("a/../../b"));
}

TEST_CASE("relative_to_prefix walks up from the prefix", "[repo_path]") {
    CHECK(relative_to_prefix("a/b", "") == "a/b");
    CHECK(relative_to_prefix("a/b", "a/") == "b");
    CHECK(relative_to_prefix("a", "a/") == "./");
    CHECK(relative_to_prefix("a/b", "a/b/") == "./");
    CHECK(relative_to_prefix("a", "a/b/") == "../");
    CHECK(relative_to_prefix("c/h", "a/") == "../c/h");
    CHECK(relative_to_prefix("top", "a/b/") == "../../top");
    CHECK(relative_to_prefix("a/bbb/c", "a/b/") == "../bbb/c");
}
