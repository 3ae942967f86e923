#include <catch2/catch.hpp>

#include "pathspec/pathspec.h"
#include "util/error.h"

using namespace grit;

static std::vector<std::string> matches(std::vector<std::string> args, const PathspecContext& ctx) {
    std::vector<std::string> out;
    for (auto& item : parse_pathspec(args, ctx, kPathspecTop | kPathspecLiteral)) out.push_back(item.match);
    return out;
}

static std::string error_of(std::vector<std::string> args, const PathspecContext& ctx) {
    try {
        parse_pathspec(args, ctx, kPathspecTop | kPathspecLiteral);
    } catch (const BadName& e) {
        return e.what();
    }
    return "";
}

TEST_CASE("pathspecs are taken from the current directory", "[pathspec]") {
    PathspecContext ctx;
    ctx.prefix = "a/";
    ctx.work_tree = "/w";
    ctx.root_for_messages = "/w";
    CHECK(matches({}, ctx) == std::vector<std::string>{"a/"});
    CHECK(matches({"b", "../c", ".", ".."}, ctx) == std::vector<std::string>{"a/b", "c", "a/", ""});
    CHECK(matches({":/c", ":(top)x/", ":(literal)*"}, ctx) == std::vector<std::string>{"c", "x/", "a/*"});
    CHECK(matches({"/w/x", "/w"}, ctx) == std::vector<std::string>{"x", ""});
    CHECK(error_of({"../../x"}, ctx) == "../../x: '../../x' is outside repository at '/w'");
    CHECK(error_of({"/elsewhere"}, ctx) == "/elsewhere: '/elsewhere' is outside repository at '/w'");
}

TEST_CASE("pathspec magic errors read as git's", "[pathspec]") {
    PathspecContext ctx;
    CHECK(matches({}, ctx).empty());
    CHECK(error_of({"a", ""}, ctx) ==
          "empty string is not a valid pathspec. please use . instead if you meant to match all paths");
    CHECK(error_of({":(glob)a"}, ctx) == ":(glob)a: pathspec magic not supported by this command: 'glob'");
    CHECK(error_of({":!a"}, ctx) ==
          ":!a: pathspec magic not supported by this command: 'exclude' (mnemonic: '!')");
    CHECK(error_of({":(glob,icase)a"}, ctx) ==
          ":(glob,icase)a: pathspec magic not supported by this command: 'glob', 'icase'");
    CHECK(error_of({":(foo)a"}, ctx) == "Invalid pathspec magic 'foo' in ':(foo)a'");
    CHECK(error_of({":(top"}, ctx) == "Missing ')' at the end of pathspec magic in ':(top'");
    CHECK(error_of({":#a"}, ctx) == "Unimplemented pathspec magic '#' in ':#a'");
    CHECK(error_of({":(literal,glob)a"}, ctx) == ":(literal,glob)a: 'literal' and 'glob' are incompatible");
    ctx.literal_pathspecs = true;
    CHECK(matches({":(glob)a"}, ctx) == std::vector<std::string>{":(glob)a"});
}
