#pragma once
// git's parse-options, for commands whose option errors must match git's
// byte for byte: unique prefixes of long options ("--buf" for "--buffer",
// "error: ambiguous option: ..." otherwise), "--no-<opt>" for booleans,
// bundled short switches ("-tp"), command modes that exclude each other
// ("error: switch `p' is incompatible with -t"), options after arguments,
// "--" and "--end-of-options". -h prints the usage on stdout; every error
// exits 129 (ExitCode), an unknown option after printing the usage.
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace grit::cmd {

struct GitOption {
    enum class Kind {
        boolean,   // int*: 1, or 0 for --no-<name>
        cmdmode,   // int*: `value`; two different modes are an error
        string,    // std::optional<std::string>*: requires a value, --no-<name> clears it
        callback,  // optional value only as --name=value, never negated
        string_list,  // std::vector<std::string>*: each use appends, --no-<name> clears
    };
    Kind kind = Kind::boolean;
    char short_name = 0;
    std::string_view long_name;  // empty for a short-only option
    int* int_target = nullptr;
    int value = 0;
    std::optional<std::string>* string_target = nullptr;
    std::vector<std::string>* list_target = nullptr;
    // For callbacks: receives the value (nullptr without one); returns an
    // error message to refuse the option (exit 129), or nullopt.
    std::function<std::optional<std::string>(const char* value)> callback;
    // An alias: another long name for the option named here (git's OPT_ALIAS).
    std::string_view alias_of;

    static GitOption make_bool(char s, std::string_view l, int* target) {
        GitOption o;
        o.kind = Kind::boolean;
        o.short_name = s;
        o.long_name = l;
        o.int_target = target;
        return o;
    }
    static GitOption make_cmdmode(char s, std::string_view l, int* target, int value) {
        GitOption o = make_bool(s, l, target);
        o.kind = Kind::cmdmode;
        o.value = value;
        return o;
    }
    static GitOption make_string(std::string_view l, std::optional<std::string>* target, char s = 0) {
        GitOption o;
        o.kind = Kind::string;
        o.short_name = s;
        o.long_name = l;
        o.string_target = target;
        return o;
    }
    static GitOption make_string_list(std::string_view l, std::vector<std::string>* target) {
        GitOption o;
        o.kind = Kind::string_list;
        o.long_name = l;
        o.list_target = target;
        return o;
    }
    static GitOption make_callback(std::string_view l, std::function<std::optional<std::string>(const char*)> fn) {
        GitOption o;
        o.kind = Kind::callback;
        o.long_name = l;
        o.callback = std::move(fn);
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

// git's usage_msg_opt: "fatal: <msg>\n\n" and the usage on stderr, exit 129.
[[noreturn]] void usage_message(std::string_view msg, const std::string& usage);

}  // namespace grit::cmd
