#pragma once
// git's parse-options: the one option parser of every command, so that option
// errors match git byte for byte. Rules: unique prefixes of long options
// ("--buf" for "--buffer", "error: ambiguous option: ..." otherwise),
// "--no-<opt>" for every negatable option (and "--<x>" negating an option
// declared as "no-<x>"), bundled short switches ("-tp"), short values attached
// or separate ("-tblob", "-t blob"), command modes that exclude each other
// ("error: switch `p' is incompatible with -t"), optional values only after
// '=' ("--abbrev=8"), options after arguments, "--" and "--end-of-options".
// -h prints the usage on stdout; every error exits 129 (ExitCode), an unknown
// option after printing the usage on stderr.
//
// How a command declares its options (the table's order matters as in git:
// it decides which option an ambiguous prefix names first):
//
//     int verbose = 0, mode = 0, abbrev = 0;
//     std::optional<std::string> format;
//     using G = GitOption;
//     std::vector<std::string> args = parse_git_options(argc, argv, {
//         G::make_bool('v', "verbose", &verbose),            // OPT_BOOL / OPT__VERBOSE
//         G::make_cmdmode('l', "long", &mode, 1),             // OPT_CMDMODE
//         G::make_cmdmode(0, "name-only", &mode, 2),
//         G::make_string(0, "format", &format),               // OPT_STRING: --format=<v>, --format <v>
//         G::make_integer(0, "depth", &depth),                // OPT_INTEGER
//         G::make_string_list("sort", &sorts),                // OPT_STRING_LIST: each use appends
//         G::make_counter(0, "stdin", &count),                // OPT_COUNTUP
//         G::make_callback("abbrev", [&](const char* v, bool unset) {  // OPT_CALLBACK, value only after '='
//             ...; return std::optional<std::string>();   // or the error message
//         }),
//         G::make_alias("mailmap", "use-mailmap"),            // OPT_ALIAS
//     }, kUsage);
//
// kUsage is exactly what `git <cmd> -h` prints (git 2.39), ending in "\n\n";
// a hidden option (PARSE_OPT_HIDDEN) is simply declared and left out of it.
// Checks after parsing use usage_with_options, usage_error or usage_message.
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/report.h"

namespace grit::cmd {

struct GitOption {
    enum class Kind {
        boolean,   // int*: 1, or 0 when negated
        counter,   // int*: one more each time, 0 when negated
        cmdmode,   // int*: `value`; two different modes are an error; never negated
        string,    // std::optional<std::string>*: requires a value, negation clears it
        integer,   // int*: requires a decimal value; negation sets 0
        callback,  // optional value only as --name=value
        string_list,  // std::vector<std::string>*: each use appends a value, negation clears
    };
    // The callback's answer: an error message to refuse the option (exit 129), or nullopt.
    using Callback = std::function<std::optional<std::string>(const char* value, bool unset)>;

    Kind kind = Kind::boolean;
    char short_name = 0;
    std::string_view long_name;  // empty for a short-only option
    int* int_target = nullptr;
    int value = 0;
    std::optional<std::string>* string_target = nullptr;
    std::vector<std::string>* list_target = nullptr;
    // Receives the value (nullptr without one) and whether the option was negated.
    Callback callback;
    bool negatable = true;  // false: git's PARSE_OPT_NONEG
    bool value_required = false;  // a callback whose value may also be the next argument
    // An alias: another long name for the option named here (git's OPT_ALIAS).
    std::string_view alias_of;

    static GitOption make_bool(char s, std::string_view l, int* target) {
        GitOption o;
        o.short_name = s;
        o.long_name = l;
        o.int_target = target;
        return o;
    }
    static GitOption make_counter(char s, std::string_view l, int* target) {
        GitOption o = make_bool(s, l, target);
        o.kind = Kind::counter;
        return o;
    }
    static GitOption make_cmdmode(char s, std::string_view l, int* target, int value) {
        GitOption o = make_bool(s, l, target);
        o.kind = Kind::cmdmode;
        o.value = value;
        o.negatable = false;
        return o;
    }
    static GitOption make_integer(char s, std::string_view l, int* target) {
        GitOption o = make_bool(s, l, target);
        o.kind = Kind::integer;
        return o;
    }
    static GitOption make_string(char s, std::string_view l, std::optional<std::string>* target) {
        GitOption o;
        o.kind = Kind::string;
        o.short_name = s;
        o.long_name = l;
        o.string_target = target;
        return o;
    }
    static GitOption make_string_list(std::string_view l, std::vector<std::string>* target, bool negatable = true) {
        GitOption o;
        o.negatable = negatable;
        o.kind = Kind::string_list;
        o.long_name = l;
        o.list_target = target;
        return o;
    }
    static GitOption make_callback(std::string_view l, Callback fn, bool negatable = false) {
        GitOption o;
        o.kind = Kind::callback;
        o.long_name = l;
        o.callback = std::move(fn);
        o.negatable = negatable;
        return o;
    }
    // OPT_CALLBACK with a required value ("--expire <time>" or "--expire=<time>").
    static GitOption make_callback_with_value(std::string_view l, Callback fn, bool negatable = false) {
        GitOption o = make_callback(l, std::move(fn), negatable);
        o.value_required = true;
        return o;
    }
    static GitOption make_alias(std::string_view l, std::string_view target) {
        GitOption o;
        o.long_name = l;
        o.alias_of = target;
        return o;
    }
};

// Parses argv[1..] and returns the arguments that are not options, in order.
std::vector<std::string> parse_git_options(int argc, char** argv, std::vector<GitOption> options,
                                           const std::string& usage);

// git's usage_with_options: the usage on stderr, exit 129.
[[noreturn]] void usage_with_options(const std::string& usage);

// git's error() then usage_with_options: "error: <msg>\n" and the usage on stderr, exit 129.
[[noreturn]] void usage_error(std::string_view msg, const std::string& usage);

// git's usage_msg_opt: "fatal: <msg>\n\n" and the usage on stderr, exit 129.
[[noreturn]] void usage_message(std::string_view msg, const std::string& usage);

}  // namespace grit::cmd
