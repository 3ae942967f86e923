#include "common/parse_options.h"

#include <cstdio>
#include <cstdlib>

namespace grit::cmd {

namespace {

[[noreturn]] void fail(std::string_view msg) {
    print_error(msg);
    throw ExitCode{129};
}

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

// Where a value-taking option found its value: attached ("--opt=v", "-tv"),
// in the next argument (which is then consumed), or nowhere.
struct ValueSource {
    const char* attached = nullptr;
    const char* next = nullptr;
    bool consumed_next = false;
};

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

    const GitOption& resolve(const GitOption& o) const { return o.alias_of.empty() ? o : *find_long(o.alias_of); }

    // git's get_arg: the attached value, else the next argument.
    static const char* required_value(const std::string& name, ValueSource& source) {
        if (source.attached) return source.attached;
        if (!source.next) fail(name + " requires a value");
        source.consumed_next = true;
        return source.next;
    }

    // Applies the option; `given` is how it was named (an alias, or a short switch).
    void set(const GitOption& given, bool as_short, bool unset, ValueSource& source) {
        const GitOption& o = resolve(given);
        const std::string name = name_of(given, as_short, unset);
        const bool takes_value = o.kind == GitOption::Kind::string || o.kind == GitOption::Kind::integer ||
                                 o.kind == GitOption::Kind::string_list ||
                                 o.kind == GitOption::Kind::callback;
        if (unset && source.attached) fail(name + " takes no value");
        if (!as_short && source.attached && !takes_value) fail(name + " takes no value");
        switch (o.kind) {
        case GitOption::Kind::boolean: *o.int_target = unset ? 0 : 1; return;
        case GitOption::Kind::counter:
            *o.int_target = unset ? 0 : (*o.int_target <= 0 ? 1 : *o.int_target + 1);
            return;
        case GitOption::Kind::cmdmode: set_cmdmode(o, name); return;
        case GitOption::Kind::string:
            if (unset) o.string_target->reset();
            else *o.string_target = std::string(required_value(name, source));
            return;
        case GitOption::Kind::integer: {
            if (unset) {
                *o.int_target = 0;
                return;
            }
            const char* text = required_value(name, source);
            char* end = nullptr;
            long v = std::strtol(text, &end, 10);
            if (!*text || *end) fail(name + " expects a numerical value");
            *o.int_target = static_cast<int>(v);
            return;
        }
        case GitOption::Kind::callback: {
            const char* value = source.attached;
            if (o.value_required && !unset) value = required_value(name, source);
            if (auto err = o.callback(value, unset)) fail(*err);
            return;
        }
        case GitOption::Kind::string_list:
            if (unset) o.list_target->clear();
            else o.list_target->emplace_back(required_value(name, source));
            return;
        }
    }

    void set_cmdmode(const GitOption& o, const std::string& name) {
        int current = *o.int_target;
        if (current && current != o.value) {
            for (const auto& other : options) {
                if (&other == &o || other.kind != GitOption::Kind::cmdmode || other.int_target != o.int_target ||
                    other.value != current)
                    continue;
                std::string that = other.long_name.empty() ? std::string("-") + other.short_name
                                                           : "--" + std::string(other.long_name);
                fail(name + " is incompatible with " + that);
            }
            fail(name + " : incompatible with something else");
        }
        *o.int_target = o.value;
    }

    bool same_option(const GitOption& a, const GitOption& b) const { return &resolve(a) == &resolve(b); }

    // Returns true when the option consumed the next argument.
    bool parse_long(std::string_view arg, const char* next) {
        auto eq = arg.find('=');
        std::string_view name = arg.substr(0, eq);
        ValueSource source;
        source.attached = eq == std::string_view::npos ? nullptr : arg.data() + eq + 1;
        source.next = next;

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
        // An exact name wins over another option's negation ("--no-merged"
        // is its own option, not "--merged" negated).
        for (const auto& o : options)
            if (!o.long_name.empty() && name == o.long_name) return apply(o, false, source);
        for (const auto& o : options) {
            if (o.long_name.empty()) continue;
            if (starts_with(o.long_name, name)) {
                note_abbrev(o, false);
                continue;
            }
            if (!resolve(o).negatable) continue;
            // "--no" or "--no-" abbreviates every negation.
            if (starts_with("no-", name)) {
                note_abbrev(o, true);
                continue;
            }
            if (!starts_with(name, "no-")) {
                // "--<x>" negates an option declared as "no-<x>".
                if (!starts_with(o.long_name, "no-")) continue;
                std::string_view positive = o.long_name.substr(3);
                if (name == positive) return apply(o, true, source);
                if (starts_with(positive, name)) note_abbrev(o, true);
                continue;
            }
            std::string_view positive = name.substr(3);
            if (positive == o.long_name) return apply(o, true, source);
            if (starts_with(o.long_name, positive)) note_abbrev(o, true);
        }
        if (ambiguous) {
            print_error("ambiguous option: " + std::string(name) + " (could be --" + (ambiguous_unset ? "no-" : "") +
                        std::string(ambiguous->long_name) + " or --" + (abbrev_unset ? "no-" : "") +
                        std::string(abbrev->long_name) + ")");
            // git answers with its help: the usage goes to stdout here.
            std::fputs(usage.c_str(), stdout);
            throw ExitCode{129};
        }
        if (abbrev) return apply(*abbrev, abbrev_unset, source);
        usage_error("unknown option `" + std::string(arg) + "'", usage);
    }

    bool apply(const GitOption& o, bool unset, ValueSource& source) {
        set(o, false, unset, source);
        return source.consumed_next;
    }

    // "-batch": a long option given with one dash.
    void check_typos(std::string_view bundle) const {
        if (bundle.size() < 3) return;
        bool typo = starts_with(bundle, "no-");
        for (const auto& o : options)
            if (!o.long_name.empty() && starts_with(o.long_name, bundle)) typo = true;
        if (typo) fail("did you mean `--" + std::string(bundle) + "` (with two dashes)?");
    }

    // Returns true when the last switch took the next argument as its value.
    bool parse_short_bundle(std::string_view arg, const char* next) {
        for (std::size_t i = 1; i < arg.size(); ++i) {
            char c = arg[i];
            const GitOption* found = nullptr;
            for (const auto& o : options)
                if (o.short_name == c) found = &o;
            if (!found) {
                if (i == 1) check_typos(arg.substr(1));
                if (c == 'h') {
                    std::fputs(usage.c_str(), stdout);
                    throw ExitCode{129};
                }
                usage_error(std::string("unknown switch `") + c + "'", usage);
            }
            const GitOption& o = resolve(*found);
            if (o.kind == GitOption::Kind::string || o.kind == GitOption::Kind::integer ||
                o.kind == GitOption::Kind::string_list) {
                // The rest of the bundle is the value ("-tblob"), else the next argument.
                ValueSource source;
                source.attached = i + 1 < arg.size() ? arg.data() + i + 1 : nullptr;
                source.next = next;
                set(*found, true, false, source);
                return source.consumed_next;
            }
            ValueSource none;
            set(*found, true, false, none);
        }
        return false;
    }
};

}  // namespace

void usage_with_options(const std::string& usage) {
    std::fflush(stdout);
    std::fputs(usage.c_str(), stderr);
    throw ExitCode{129};
}

void usage_error(std::string_view msg, const std::string& usage) {
    print_error(msg);
    usage_with_options(usage);
}

void usage_message(std::string_view msg, const std::string& usage) {
    std::fflush(stdout);
    std::fprintf(stderr, "fatal: %.*s\n\n", static_cast<int>(msg.size()), msg.data());
    usage_with_options(usage);
}

std::vector<std::string> parse_git_options(int argc, char** argv, std::vector<GitOption> options,
                                           const std::string& usage) {
    Parser parser{options, usage};
    std::vector<std::string> args;
    for (int i = 1; i < argc; ++i) {
        std::string_view arg = argv[i];
        const char* next = i + 1 < argc ? argv[i + 1] : nullptr;
        if (arg == "--" || arg == "--end-of-options") {
            for (++i; i < argc; ++i) args.emplace_back(argv[i]);
            break;
        }
        if (arg.size() < 2 || arg[0] != '-') {
            args.emplace_back(arg);
            continue;
        }
        if (arg[1] != '-') {
            if (parser.parse_short_bundle(arg, next)) ++i;
            continue;
        }
        if (arg == "--help-all") {
            std::fputs(usage.c_str(), stdout);
            throw ExitCode{129};
        }
        if (parser.parse_long(arg.substr(2), next)) ++i;
    }
    return args;
}

}  // namespace grit::cmd
