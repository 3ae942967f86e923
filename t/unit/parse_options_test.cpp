#include <catch2/catch.hpp>

#include <optional>
#include <string>
#include <vector>

#include "common/parse_options.h"

using grit::cmd::ExitCode;
using grit::cmd::GitOption;
using grit::cmd::parse_git_options;

namespace {

const std::string kUsage = "usage: test\n\n";

struct Parsed {
    int verbose = 0, mode = 0, count = 0, depth = 0, no_filters = 0;
    std::optional<std::string> type, format;
    std::vector<std::string> args;
};

// Parses the words as argv[1..]; an ExitCode escapes.
Parsed parse(std::vector<std::string> words) {
    Parsed p;
    words.insert(words.begin(), "test");
    std::vector<char*> argv;
    for (auto& w : words) argv.push_back(w.data());
    using G = GitOption;
    p.args = parse_git_options(static_cast<int>(argv.size()), argv.data(),
                               {
                                   G::make_bool('v', "verbose", &p.verbose),
                                   G::make_cmdmode('l', "long", &p.mode, 1),
                                   G::make_cmdmode(0, "name-only", &p.mode, 2),
                                   G::make_string('t', {}, &p.type),
                                   G::make_string(0, "format", &p.format),
                                   G::make_counter(0, "stdin", &p.count),
                                   G::make_integer(0, "depth", &p.depth),
                                   G::make_bool(0, "no-filters", &p.no_filters),
                               },
                               kUsage);
    return p;
}

int exit_code(std::vector<std::string> words) {
    try {
        parse(std::move(words));
    } catch (const ExitCode& e) {
        return e.code;
    }
    return 0;
}

}  // namespace

TEST_CASE("parse_options: prefixes, negations and bundles") {
    auto p = parse({"--verb", "a", "-vl", "--", "-x"});
    CHECK(p.verbose == 1);
    CHECK(p.mode == 1);
    CHECK(p.args == std::vector<std::string>{"a", "-x"});
    CHECK(parse({"-v", "--no-verbose"}).verbose == 0);
    CHECK(parse({"--no-filters"}).no_filters == 1);
    CHECK(parse({"--no-filters", "--filters"}).no_filters == 0);
}

TEST_CASE("parse_options: values") {
    CHECK(parse({"-tblob"}).type == "blob");
    CHECK(parse({"-vt", "tree"}).type == "tree");
    CHECK(parse({"--format", "--x"}).format == "--x");
    CHECK(parse({"--format="}).format == "");
    CHECK(!parse({"--format=x", "--no-format"}).format);
    CHECK(parse({"--stdin", "--stdin"}).count == 2);
    CHECK(parse({"--stdin", "--no-stdin"}).count == 0);
    CHECK(parse({"--depth=12"}).depth == 12);
    CHECK(parse({"--depth", "3"}).depth == 3);
}

TEST_CASE("parse_options: errors exit 129") {
    CHECK(exit_code({"-t"}) == 129);           // switch `t' requires a value
    CHECK(exit_code({"--depth=x"}) == 129);    // expects a numerical value
    CHECK(exit_code({"-l", "--name-only"}) == 129);  // incompatible modes
    CHECK(exit_code({"--verbose=1"}) == 129);  // takes no value
    CHECK(exit_code({"--no-long"}) == 129);    // a command mode is never negated
    CHECK(exit_code({"--n"}) == 129);          // ambiguous
    CHECK(exit_code({"-h"}) == 129);
    CHECK(exit_code({"-l", "--long", "-l"}) == 0);  // one mode, named twice
}
