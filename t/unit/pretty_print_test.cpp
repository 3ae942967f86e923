#include <catch2/catch.hpp>

#include "object/pretty_print.h"
#include "util/error.h"

using namespace grit;

namespace {

std::string entry(std::string_view mode, std::string_view name, unsigned char fill) {
    std::string e(mode);
    e += ' ';
    e += name;
    e += '\0';
    e.append(20, static_cast<char>(fill));
    return e;
}

}  // namespace

TEST_CASE("pretty print: tree listing canonicalises modes and types") {
    std::string tree = entry("100664", "a", 0x11) + entry("100755", "b", 0x22) + entry("120000", "c", 0x33) +
                       entry("40000", "d", 0x44) + entry("160000", "e", 0x55);
    std::string out;
    append_tree_listing(out, tree, HashAlgo::sha1, true);
    CHECK(out == "100644 blob 1111111111111111111111111111111111111111\ta\n"
                 "100755 blob 2222222222222222222222222222222222222222\tb\n"
                 "120000 blob 3333333333333333333333333333333333333333\tc\n"
                 "040000 tree 4444444444444444444444444444444444444444\td\n"
                 "160000 commit 5555555555555555555555555555555555555555\te\n");
}

TEST_CASE("pretty print: a truncated tree is an error") {
    std::string tree = entry("100644", "a", 0x11);
    tree.resize(tree.size() - 3);
    std::string out;
    CHECK_THROWS_AS(append_tree_listing(out, tree, HashAlgo::sha1, true), CorruptData);
}
