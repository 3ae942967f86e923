#include <catch2/catch.hpp>

#include <vector>

#include "util/quote.h"

using grit::append_c_quoted;
using grit::unquote_c_style;

static std::string quoted(std::string_view s, bool high = true) {
    std::string out;
    append_c_quoted(out, s, high);
    return out;
}

TEST_CASE("plain names are not quoted", "[quote]") {
    CHECK(quoted("a/b c.txt") == "a/b c.txt");
    CHECK(quoted("") == "");
}

TEST_CASE("control bytes, quotes and backslashes are escaped", "[quote]") {
    CHECK(quoted("tab\there") == "\"tab\\there\"");
    CHECK(quoted("a\nb") == "\"a\\nb\"");
    CHECK(quoted("q\"b\\") == "\"q\\\"b\\\\\"");
    CHECK(quoted(std::string("\x01\x7f", 2)) == "\"\\001\\177\"");
    CHECK(quoted("\a\b\v\f\r") == "\"\\a\\b\\v\\f\\r\"");
}

TEST_CASE("high bytes follow core.quotePath", "[quote]") {
    CHECK(quoted("\xc3\xa9t\xc3\xa9") == "\"\\303\\251t\\303\\251\"");
    CHECK(quoted("\xc3\xa9t\xc3\xa9", false) == "\xc3\xa9t\xc3\xa9");
    CHECK(quoted("\xc3\xa9\t", false) == "\"\xc3\xa9\\t\"");
}

TEST_CASE("unquoting inverts quoting", "[quote]") {
    for (const std::string& s : std::vector<std::string>{"tab\there", "a\nb", "q\"b\\", "\xc3\xa9t\xc3\xa9", std::string("\x01\x7f", 2)}) {
        auto back = unquote_c_style(quoted(s));
        REQUIRE(back);
        CHECK(*back == s);
    }
    std::size_t consumed = 0;
    CHECK(unquote_c_style("\"f\\062\" tail", &consumed) == std::optional<std::string>("f2"));
    CHECK(consumed == 7);
    CHECK_FALSE(unquote_c_style("\"open"));
    CHECK_FALSE(unquote_c_style("\"bad\\q\""));
    CHECK_FALSE(unquote_c_style("\"\\47\""));
}
