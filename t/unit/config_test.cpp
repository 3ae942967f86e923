#include <catch2/catch.hpp>

#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "repo/config.h"
#include "util/error.h"
#include "util/wildmatch.h"

using grit::Config;
using grit::ConfigError;
using grit::ConfigScope;

namespace {

Config parse(std::string_view text) {
    Config c;
    c.add_text(text, "f", ConfigScope::local);
    return c;
}

std::string parse_error(std::string_view text) {
    try {
        parse(text);
    } catch (const ConfigError& e) {
        return e.what();
    }
    return "no error";
}

struct TempDir {
    std::filesystem::path path;
    TempDir() {
        char tmpl[] = "/tmp/grit-config-test.XXXXXX";
        path = mkdtemp(tmpl);
    }
    ~TempDir() { std::filesystem::remove_all(path); }
    std::string write(const std::string& name, std::string_view text) const {
        auto p = path / name;
        std::filesystem::create_directories(p.parent_path());
        std::ofstream(p) << text;
        return p.string();
    }
};

// Sets an environment variable for the scope of a test.
struct EnvVar {
    std::string name;
    EnvVar(std::string n, const char* value) : name(std::move(n)) {
        if (value)
            setenv(name.c_str(), value, 1);
        else
            unsetenv(name.c_str());
    }
    ~EnvVar() { unsetenv(name.c_str()); }
};

}  // namespace

TEST_CASE("config: sections, subsections and keys", "[config]") {
    auto c = parse("[Core]\n\tBare = false\n[remote \"Origin\"]\n\turl = x\n[branch.Foo]\n\tremote = o\n"
                   "[a.b.c]\nd=1\n[s \"\"]\nk=2\n");
    CHECK(c.get("core.bare") == "false");
    CHECK(c.get("CORE.BARE") == "false");
    CHECK(c.get("remote.Origin.url") == "x");
    CHECK_FALSE(c.get("remote.origin.url"));
    CHECK(c.get("branch.foo.remote") == "o");  // the deprecated form lowercases
    CHECK(c.get("a.b.c.d") == "1");
    CHECK(c.get("s..k") == "2");
    CHECK(c.entries()[0].key == "core.bare");
    CHECK(c.entries()[0].line == 2);
}

TEST_CASE("config: subsection escapes", "[config]") {
    auto c = parse("[a \"x\\\"y\\\\z\\q\"]\nk=1\n");
    CHECK(c.entries().at(0).key == "a.x\"y\\zq.k");
}

TEST_CASE("config: values", "[config]") {
    auto c = parse("[a]\n"
                   "b = \"x y\" z  \n"
                   "c = x ; comment\n"
                   "d = \"x ; y\" # z\n"
                   "e = x\\\n y\n"
                   "f = \"x\\ty\\n\\b\\\\\\\"q\"\n"
                   "g\n"
                   "h =\n"
                   "i = x  \\\n  y  \n"
                   "j=\"x\"y\"z\"\n"
                   "k\t=\t\tv\t\n"
                   "l = a\rb\n"
                   "m = \\\nn=2\n");
    CHECK(c.get("a.b") == "x y z");
    CHECK(c.get("a.c") == "x");
    CHECK(c.get("a.d") == "x ; y");
    CHECK(c.get("a.e") == "x y");
    CHECK(c.get("a.f") == "x\ty\n\b\\\"q");
    CHECK(c.get("a.g") == "true");
    CHECK_FALSE(c.entries()[5].value.has_value());
    CHECK(c.get("a.h") == "");
    CHECK(c.get("a.i") == "x    y");
    CHECK(c.get("a.j") == "xyz");
    CHECK(c.get("a.k") == "v");
    CHECK(c.get("a.l") == "a b");
    CHECK(c.get("a.m") == "n=2");
}

TEST_CASE("config: layout details", "[config]") {
    auto c = parse("\xef\xbb\xbf [a] ; hi\r\n  b=1\r\n# c\n[c] d=2 [e]\nx\n[y]z");
    CHECK(c.get("a.b") == "1");
    CHECK(c.get("c.d") == "2 [e]");
    CHECK(c.get("c.x") == "true");
    CHECK(c.get("y.z") == "true");
    CHECK(parse("b=1\n").get("b") == "1");  // git keeps a key before any section
    CHECK(parse("[a]\nb = x\\").get("a.b") == "x");
}

TEST_CASE("config: last value wins, get_all keeps order", "[config]") {
    auto c = parse("[a]\nb=1\nb=2\n[A]\nB=3\n");
    CHECK(c.get("a.b") == "3");
    CHECK(c.get_all("a.b") == std::vector<std::string>{"1", "2", "3"});
}

TEST_CASE("config: malformed text names the line", "[config]") {
    CHECK(parse_error("[a]\nb = x\\q\n") == "bad config line 2 in file f");
    CHECK(parse_error("[a]\nb = \"x\n") == "bad config line 2 in file f");
    CHECK(parse_error("[a \"x]\nk=1\n") == "bad config line 1 in file f");
    CHECK(parse_error("[a]\n1b=2\n") == "bad config line 2 in file f");
    CHECK(parse_error("[a]\nb-c=3\nb_c=4\n") == "bad config line 3 in file f");
    CHECK(parse_error("[a_b]\nc=1\n") == "bad config line 1 in file f");
    CHECK(parse_error("[a \"b\"c]\nd=1\n") == "bad config line 1 in file f");
    CHECK(parse_error("[a \"b\" ]\nd=1\n") == "bad config line 1 in file f");
    CHECK(parse_error("[a]\nb ; c\n") == "bad config line 2 in file f");
    CHECK(parse_error("[]\n") == "bad config line 1 in file f");
    // A section header cut by the end of the file counts the next line, as git does.
    CHECK(parse_error("[a]\nb=1\n[c") == "bad config line 4 in file f");
    CHECK(parse_error("[a]\nb=1\n[c \"x") == "bad config line 3 in file f");
    CHECK(parse_error("[a]\nc = x\\\ny\\\n\\q") == "bad config line 4 in file f");
    CHECK(parse_error("\xef\xbbx") == "bad config line 1 in file f");
}

TEST_CASE("config: booleans", "[config]") {
    auto c = parse("[a]\nt1\nt2=true\nt3=YES\nt4=on\nt5=1\nt6=1k\nf1=\nf2=false\nf3=No\nf4=off\nf5=0\nbad=maybe\n"
                   "big=-3g\n");
    for (auto k : {"a.t1", "a.t2", "a.t3", "a.t4", "a.t5", "a.t6"}) CHECK(c.get_bool(k) == true);
    for (auto k : {"a.f1", "a.f2", "a.f3", "a.f4", "a.f5"}) CHECK(c.get_bool(k) == false);
    CHECK_FALSE(c.get_bool("a.missing"));
    CHECK_THROWS_WITH(c.get_bool("a.bad"), "bad boolean config value 'maybe' for 'a.bad'");
    CHECK_THROWS_WITH(c.get_bool("a.big"), "bad boolean config value '-3g' for 'a.big'");
}

TEST_CASE("config: numbers", "[config]") {
    auto c = parse("[a]\nk=1k\nm=2M\ng=-3g\nhex= 0x10\noct=010\nempty=\nbare\nunit=5q\nbig=99999999999\n"
                   "neg=-1\n");
    CHECK(c.get_int("a.k") == 1024);
    CHECK(c.get_int("a.m") == 2 * 1024 * 1024);
    CHECK(c.get_int64("a.g") == -3LL * 1024 * 1024 * 1024);
    CHECK_THROWS_WITH(c.get_int("a.g"), "bad numeric config value '-3g' for 'a.g': out of range");
    CHECK(c.get_int("a.hex") == 16);
    CHECK(c.get_int("a.oct") == 8);
    CHECK_THROWS_WITH(c.get_int("a.empty"), "bad numeric config value '' for 'a.empty': invalid unit");
    CHECK_THROWS_WITH(c.get_int("a.bare"), "bad numeric config value '' for 'a.bare': invalid unit");
    CHECK_THROWS_WITH(c.get_int("a.unit"), "bad numeric config value '5q' for 'a.unit': invalid unit");
    CHECK_THROWS_WITH(c.get_int("a.big"), "bad numeric config value '99999999999' for 'a.big': out of range");
    CHECK(c.get_int64("a.big") == 99999999999LL);
    CHECK_THROWS_WITH(c.get_ulong("a.g"), "bad numeric config value '-3g' for 'a.g': invalid unit");
    CHECK_THROWS_WITH(c.get_ulong("a.neg"), "bad numeric config value '-1' for 'a.neg': invalid unit");
    CHECK(c.get_ulong("a.k") == 1024u);
}

TEST_CASE("config: paths", "[config]") {
    EnvVar home("HOME", "/home/someone");
    auto c = parse("[a]\np=~/x\nq=/abs\nr=rel\nbare\n");
    CHECK(c.get_path("a.p") == "/home/someone/x");
    CHECK(c.get_path("a.q") == "/abs");
    CHECK(c.get_path("a.r") == "rel");
    CHECK_THROWS_WITH(c.get_path("a.bare"), "missing value for 'a.bare'");
}

TEST_CASE("config: canonical keys", "[config]") {
    CHECK(Config::canonical_key("Core.Bare") == "core.bare");
    CHECK(Config::canonical_key("Remote.Origin.URL") == "remote.Origin.url");
    CHECK(Config::canonical_key("1a.b") == "1a.b");
    CHECK(Config::canonical_key("a.B c.d") == "a.B c.d");
    CHECK_THROWS_WITH(Config::canonical_key("foo"), "key does not contain a section: foo");
    CHECK_THROWS_WITH(Config::canonical_key(".a"), "key does not contain a section: .a");
    CHECK_THROWS_WITH(Config::canonical_key("foo."), "key does not contain variable name: foo.");
    CHECK_THROWS_WITH(Config::canonical_key("a.1b"), "invalid key: a.1b");
    CHECK_THROWS_WITH(Config::canonical_key("a b.c"), "invalid key: a b.c");
    CHECK_THROWS_WITH(Config::canonical_key("a.x\ny.b"), "invalid key (newline): a.x\ny.b");
}

TEST_CASE("config: -c parameters", "[config]") {
    Config c;
    c.add_parameter("Core.Bare=true");
    c.add_parameter("a.b");
    c.add_parameter("a.c=");
    c.add_parameter("a.d=x=y");
    CHECK(c.get("core.bare") == "true");
    CHECK_FALSE(c.entries()[1].value.has_value());
    CHECK(c.get("a.c") == "");
    CHECK(c.get("a.d") == "x=y");
    CHECK(c.entries()[0].origin == "command line");
    try {
        c.add_parameter("=x");
        FAIL("no error");
    } catch (const ConfigError& e) {
        CHECK(std::string(e.what()) == "unable to parse command-line config");
        CHECK(e.error_lines == std::vector<std::string>{"empty config key"});
    }
    try {
        c.add_parameter("foo=bar");
        FAIL("no error");
    } catch (const ConfigError& e) {
        CHECK(e.error_lines == std::vector<std::string>{"key does not contain a section: foo"});
    }
}

TEST_CASE("config: GIT_CONFIG_PARAMETERS and GIT_CONFIG_COUNT", "[config]") {
    SECTION("both forms, count first") {
        EnvVar params("GIT_CONFIG_PARAMETERS", "'a.b=old' 'a.c'='new' 'a.it'\\''s.x=1' 'a.e'= 'a.q=x'\\!'y'");
        EnvVar count("GIT_CONFIG_COUNT", "1");
        EnvVar key("GIT_CONFIG_KEY_0", "a.b");
        EnvVar value("GIT_CONFIG_VALUE_0", "count");
        Config c;
        c.add_command_line();
        CHECK(c.get_all("a.b") == std::vector<std::string>{"count", "old"});
        CHECK(c.get("a.c") == "new");
        CHECK(c.get("a.it's.x") == "1");
        CHECK(c.get("a.e") == "true");
        CHECK(c.get("a.q") == "x!y");
    }
    auto error_of = [] {
        try {
            Config c;
            c.add_command_line();
        } catch (const ConfigError& e) {
            return e.error_lines.empty() ? std::string("?") : e.error_lines[0];
        }
        return std::string("no error");
    };
    SECTION("errors") {
        {
            EnvVar p("GIT_CONFIG_PARAMETERS", "'a.b");
            CHECK(error_of() == "bogus format in GIT_CONFIG_PARAMETERS");
        }
        {
            EnvVar p("GIT_CONFIG_PARAMETERS", "'a.b'='c'x");
            CHECK(error_of() == "bogus format in GIT_CONFIG_PARAMETERS");
        }
        {
            EnvVar c("GIT_CONFIG_COUNT", "x");
            CHECK(error_of() == "bogus count in GIT_CONFIG_COUNT");
        }
        {
            EnvVar c("GIT_CONFIG_COUNT", "-1");
            CHECK(error_of() == "too many entries in GIT_CONFIG_COUNT");
        }
        {
            EnvVar c("GIT_CONFIG_COUNT", "1");
            EnvVar k("GIT_CONFIG_KEY_0", nullptr);
            CHECK(error_of() == "missing config key GIT_CONFIG_KEY_0");
        }
        {
            EnvVar c("GIT_CONFIG_COUNT", "1");
            EnvVar k("GIT_CONFIG_KEY_0", "a.b");
            EnvVar v("GIT_CONFIG_VALUE_0", nullptr);
            CHECK(error_of() == "missing config value GIT_CONFIG_VALUE_0");
        }
    }
}

TEST_CASE("config: includes", "[config]") {
    TempDir dir;
    dir.write("home/inc", "[from]\nhome = yes\n");
    EnvVar home("HOME", (dir.path / "home").c_str());
    std::string main = dir.write("repo/config", "[a]\nb=1\n[include]\npath = sub/inc\npath = missing\npath = ~/inc\n"
                                                "[includeIf \"gitdir:" + (dir.path / "repo").string() + "/\"]\n"
                                                "path = cond\n[includeIf \"gitdir:elsewhere/\"]\npath = never\n"
                                                "[includeIf \"onbranch:topic/**\"]\npath = branch\n");
    dir.write("repo/sub/inc", "[a]\nb=2\n[include]\npath = nested\n");
    dir.write("repo/sub/nested", "[n]\nx = deep\n");
    dir.write("repo/cond", "[c]\nd = matched\n");
    dir.write("repo/never", "[c]\nd = wrong\n");
    dir.write("repo/branch", "[on]\nbranch = yes\n");
    Config c;
    c.add_file(main, ConfigScope::local, (dir.path / "repo/.git").string(), "topic/x", "shown/config");
    CHECK(c.get("a.b") == "2");
    CHECK(c.get("n.x") == "deep");
    CHECK(c.get("from.home") == "yes");
    CHECK(c.get("c.d") == "matched");
    CHECK(c.get("on.branch") == "yes");
    CHECK(c.get("include.path") == "~/inc");  // the include itself stays visible
    CHECK(c.entries()[0].origin == "shown/config");

    Config other_branch;
    other_branch.add_file(main, ConfigScope::local, "", "main");
    CHECK_FALSE(other_branch.get("on.branch"));
    CHECK_FALSE(other_branch.get("c.d"));

    dir.write("repo/sub/nested", "[broken\n");
    CHECK_THROWS_WITH(Config().add_file(main, ConfigScope::local, "", "", "shown/config"),
                      "bad config line 1 in file shown/sub/nested");

    std::string loop = dir.write("loop/config", "[include]\npath = config\n");
    CHECK_THROWS_WITH(Config().add_file(loop, ConfigScope::local, "", "", ".git/config"),
                      "exceeded maximum include depth (10) while including\n\t.git/config\nfrom\n\t.git/config\n"
                      "This might be due to circular includes.");
}

TEST_CASE("config: system and global files", "[config]") {
    EnvVar home("HOME", "/h");
    EnvVar xdg("XDG_CONFIG_HOME", nullptr);
    EnvVar global("GIT_CONFIG_GLOBAL", nullptr);
    EnvVar system("GIT_CONFIG_SYSTEM", "/sys/config");
    {
        EnvVar nosystem("GIT_CONFIG_NOSYSTEM", nullptr);
        auto files = grit::system_and_global_config_files();
        REQUIRE(files.size() == 3);
        CHECK(files[0].path == "/sys/config");
        CHECK(files[1].path == "/h/.config/git/config");
        CHECK(files[2].path == "/h/.gitconfig");
    }
    EnvVar nosystem("GIT_CONFIG_NOSYSTEM", "1");
    {
        EnvVar x("XDG_CONFIG_HOME", "/x");
        auto files = grit::system_and_global_config_files();
        REQUIRE(files.size() == 2);
        CHECK(files[0].path == "/x/git/config");
    }
    EnvVar g("GIT_CONFIG_GLOBAL", "/only");
    auto files = grit::system_and_global_config_files();
    REQUIRE(files.size() == 1);
    CHECK(files[0].path == "/only");
}

TEST_CASE("wildmatch", "[config]") {
    using grit::wildmatch;
    using grit::wm_casefold;
    using grit::wm_pathname;
    CHECK(wildmatch("**/fmt/**", "/tmp/x/fmt/.git", wm_pathname));
    CHECK(wildmatch("/tmp/**", "/tmp/a/b", wm_pathname));
    CHECK(wildmatch("**/x", "x", wm_pathname));
    CHECK(wildmatch("a/**/b", "a/b", wm_pathname));
    CHECK(wildmatch("a/**/b", "a/x/y/b", wm_pathname));
    CHECK_FALSE(wildmatch("a/*/b", "a/x/y/b", wm_pathname));
    CHECK(wildmatch("a/*/b", "a/x/y/b", 0));
    CHECK(wildmatch("ma*", "main", wm_pathname));
    CHECK_FALSE(wildmatch("ma*", "ma/in", wm_pathname));
    CHECK(wildmatch("[a-c]?[!x]", "b/y", 0));
    CHECK_FALSE(wildmatch("[a-c]?[!x]", "b/y", wm_pathname));
    CHECK(wildmatch("[[:upper:]]x", "Qx", 0));
    CHECK(wildmatch("/TMP/**", "/tmp/a", wm_pathname | wm_casefold));
    CHECK_FALSE(wildmatch("/TMP/**", "/tmp/a", wm_pathname));
    CHECK(wildmatch("\\*", "*", 0));
    CHECK_FALSE(wildmatch("\\*", "x", 0));
}
