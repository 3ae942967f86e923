#include "common/parse_options.h"

#include <cstdio>
#include <cstring>

#include "common/options.h"

namespace grit::cmd {

namespace {

[[noreturn]] void fail(std::string_view msg) {
    std::fprintf(stderr, "error: %.*s\n", static_cast<int>(msg.size()), msg.data());
    throw ExitCode{129};
}

[[noreturn]] void fail_with_usage(std::string_view msg, const std::string& usage) {
    std::fprintf(stderr, "error: %.*s\n", static_cast<int>(msg.size()), msg.data());
    std::fputs(usage.c_str(), stderr);
    throw ExitCode{129};
}

struct Parser {
    std::vector<GitOption>& options;
    const std::string& usage;

    // git's optname(): how an option is named in messages.
    static std::string name_of(const GitOption& o, bool as_short, bool unset) {
        if (as_short) return std::string("switch `") + o.short_name + "'";
        return std::string("option `") + (unset ? "no-" : "") + std::string(o.long_name) + "'";
    }

    const GitOption* find_long(std::string_view name) const {
        for (const auto& o : options)
            if (o.long_name == name) return &o;
        return nullptr;
    }

    void set(const GitOption& o, bool as_short, bool unset, const char* value) {
        switch (o.kind) {
        case GitOption::Kind::boolean:
            if (value) fail(name_of(o, as_short, unset) + " takes no value");
            *o.int_target = unset ? 0 : 1;
            return;
        case GitOption::Kind::cmdmode: {
            if (value) fail(name_of(o, as_short, unset) + " takes no value");
            int current = *o.int_target;
            if (current && current != o.value) {
                for (const auto& other : options) {
                    if (&other == &o || other.kind != GitOption::Kind::cmdmode || other.int_target != o.int_target ||
                        other.value != current)
                        continue;
                    std::string that = other.long_name.empty() ? std::string("-") + other.short_name
                                                               : "--" + std::string(other.long_name);
                    fail(name_of(o, as_short, unset) + " is incompatible with " + that);
                }
                fail(name_of(o, as_short, unset) + " : incompatible with something else");
            }
            *o.int_target = o.value;
            return;
        }
        case GitOption::Kind::string:
            if (unset) {
                if (value) fail(name_of(o, as_short, unset) + " takes no value");
                o.string_target->reset();
                return;
            }
            *o.string_target = std::string(value);
            return;
        case GitOption::Kind::string_list:
            if (unset) {
                if (value) fail(name_of(o, as_short, unset) + " takes no value");
                o.list_target->clear();
                return;
            }
            o.list_target->emplace_back(value);
            return;
        case GitOption::Kind::callback:
            if (auto err = o.callback(value)) fail(*err);
            return;
        }
    }

    static bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

    // Returns true when the option consumed the next argument.
    bool parse_long(std::string_view arg, const char* next) {
        auto eq = arg.find('=');
        std::string_view name = arg.substr(0, eq);
        const char* value = eq == std::string_view::npos ? nullptr : arg.data() + eq + 1;

        const GitOption* abbrev = nullptr;
        const GitOption* ambiguous = nullptr;
        bool abbrev_unset = false, ambiguous_unset = false;
        auto note_abbrev = [&](const GitOption& o, bool unset) {
            if (abbrev && !same_option(*abbrev, o)) {
                ambiguous = abbrev;
                ambiguous_unset = abbrev_unset;
            }
            abbrev = &o;
            abbrev_unset = unset;
        };
        // An exact name wins over the negation of another ("--no-merged"
        // is its own option, not "--merged" negated).
        for (const auto& o : options)
            if (!o.long_name.empty() && name == o.long_name) return apply_long(o, false, value, next);
        for (const auto& o : options) {
            if (o.long_name.empty()) continue;
            if (starts_with(o.long_name, name)) {
                note_abbrev(o, false);
                continue;
            }
            if (!negatable(o)) continue;
            // "--no" or "--no-" abbreviates every negation.
            if (starts_with("no-", name)) {
                note_abbrev(o, true);
                continue;
            }
            if (!starts_with(name, "no-")) continue;
            std::string_view positive = name.substr(3);
            if (positive == o.long_name) return apply_long(o, true, value, next);
            if (starts_with(o.long_name, positive)) note_abbrev(o, true);
        }
        if (ambiguous) {
            std::string msg = "ambiguous option: " + std::string(name) + " (could be --" +
                              (ambiguous_unset ? "no-" : "") + std::string(ambiguous->long_name) + " or --" +
                              (abbrev_unset ? "no-" : "") + std::string(abbrev->long_name) + ")";
            // git answers with its help: the usage goes to stdout here.
            std::fprintf(stderr, "error: %s\n", msg.c_str());
            std::fputs(usage.c_str(), stdout);
            throw ExitCode{129};
        }
        if (abbrev) return apply_long(*abbrev, abbrev_unset, value, next);
        fail_with_usage("unknown option `" + std::string(arg) + "'", usage);
    }

    static bool negatable(const GitOption& o) {
        return o.kind == GitOption::Kind::boolean || o.kind == GitOption::Kind::string ||
               o.kind == GitOption::Kind::string_list;
    }

    bool same_option(const GitOption& a, const GitOption& b) const {
        auto target = [&](const GitOption& o) -> const GitOption* {
            if (o.alias_of.empty()) return &o;
            return find_long(o.alias_of);
        };
        return target(a) == target(b);
    }

    bool apply_long(const GitOption& given, bool unset, const char* value, const char* next) {
        const GitOption& o = given.alias_of.empty() ? given : *find_long(given.alias_of);
        if ((o.kind == GitOption::Kind::string || o.kind == GitOption::Kind::string_list) && !unset && !value) {
            if (!next) fail(name_of(given, false, unset) + " requires a value");
            set(o, false, unset, next);
            return true;
        }
        if (o.kind == GitOption::Kind::callback && unset) fail("unknown option `no-" + std::string(given.long_name) + "'");
        if (value && (o.kind == GitOption::Kind::boolean || o.kind == GitOption::Kind::cmdmode))
            fail(name_of(given, false, unset) + " takes no value");
        set(o, false, unset, value);
        return false;
    }

    // "-batch": a long option given with one dash.
    void check_typos(std::string_view bundle) const {
        if (bundle.size() < 3) return;
        bool typo = starts_with(bundle, "no-");
        for (const auto& o : options)
            if (!o.long_name.empty() && starts_with(o.long_name, bundle)) typo = true;
        if (typo) fail("did you mean `--" + std::string(bundle) + "` (with two dashes)?");
    }

    // Returns true when a short option with a required value (-m <msg>)
    // consumed the next argument; "-mmsg" takes the rest of the bundle.
    bool parse_short_bundle(std::string_view arg, const char* next) {
        for (std::size_t i = 1; i < arg.size(); ++i) {
            char c = arg[i];
            const GitOption* found = nullptr;
            for (const auto& o : options)
                if (o.short_name == c) found = &o;
            if (!found) {
                check_typos(arg.substr(1));
                if (c == 'h') {
                    std::fputs(usage.c_str(), stdout);
                    throw ExitCode{129};
                }
                fail_with_usage(std::string("unknown switch `") + c + "'", usage);
            }
            if (found->kind == GitOption::Kind::string || found->kind == GitOption::Kind::string_list) {
                if (i + 1 < arg.size()) {
                    std::string rest(arg.substr(i + 1));
                    set(*found, true, false, rest.c_str());
                    return false;
                }
                if (!next) fail(std::string("switch `") + c + "' requires a value");
                set(*found, true, false, next);
                return true;
            }
            set(*found, true, false, nullptr);
        }
        return false;
    }
};

}  // namespace

void usage_message(std::string_view msg, const std::string& usage) {
    std::fflush(stdout);
    std::fprintf(stderr, "fatal: %.*s\n\n", static_cast<int>(msg.size()), msg.data());
    std::fputs(usage.c_str(), stderr);
    throw ExitCode{129};
}

std::vector<std::string> parse_git_options(int argc, char** argv, std::vector<GitOption> options,
                                           const std::string& usage) {
    Parser parser{options, usage};
    std::vector<std::string> args;
    for (int i = 1; i < argc; ++i) {
        std::string_view arg = argv[i];
        if (arg == "--" || arg == "--end-of-options") {
            for (++i; i < argc; ++i) args.emplace_back(argv[i]);
            break;
        }
        if (arg.size() < 2 || arg[0] != '-') {
            args.emplace_back(arg);
            continue;
        }
        if (arg[1] != '-') {
            if (parser.parse_short_bundle(arg, i + 1 < argc ? argv[i + 1] : nullptr)) ++i;
            continue;
        }
        if (arg == "--help-all") {
            std::fputs(usage.c_str(), stdout);
            throw ExitCode{129};
        }
        if (parser.parse_long(arg.substr(2), i + 1 < argc ? argv[i + 1] : nullptr)) ++i;
    }
    return args;
}

}  // namespace grit::cmd
