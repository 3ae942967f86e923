#include "common/argv_fixups.h"

#include <optional>

#include <cstdio>

#include "common/options.h"
#include "common/report.h"

namespace grit::cmd {

ArgvCopy::ArgvCopy(std::vector<std::string> args) : args_(std::move(args)) {
    for (auto& a : args_) ptrs_.push_back(a.data());
    ptrs_.push_back(nullptr);
}

namespace {

struct Candidate {
    const LongOption* option;
    bool negated;
};

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

// How the option is written: "--no-<name>" negated, or "--filters" for a
// negated "no-filters".
std::string spelled(const Candidate& c) {
    std::string_view name = c.option->name;
    if (!c.negated) return std::string(name);
    if (starts_with(name, "no-")) return std::string(name.substr(3));
    return "no-" + std::string(name);
}

// Finds the option `arg` (after "--", before any "=") names: an exact name
// wins, else the only option it abbreviates. Several: ambiguous, reported
// with the last two as git does.
std::optional<Candidate> resolve_long(std::string_view name, const std::vector<LongOption>& table,
                                      std::string_view whole_arg, const Options& options) {
    std::optional<Candidate> abbreviated, ambiguous;
    auto add = [&](const LongOption& o, bool negated) {
        if (abbreviated) ambiguous = abbreviated;
        abbreviated = Candidate{&o, negated};
    };
    for (const auto& o : table) {
        std::string_view long_name = o.name;
        bool negated_name = false;
        // "--filters" negates an option declared as "no-filters".
        if (starts_with(long_name, "no-") && !starts_with(name, "no-")) {
            if (name == long_name || starts_with(long_name, name)) {
                if (name == long_name) return Candidate{&o, false};
                add(o, false);
                continue;
            }
            long_name.remove_prefix(3);
            negated_name = true;
        }
        if (name == long_name) return Candidate{&o, negated_name};
        if (starts_with(long_name, name)) {
            add(o, negated_name);
            continue;
        }
        if (!o.negatable || negated_name) continue;
        if (starts_with("no-", name)) {
            add(o, true);
        } else if (starts_with(name, "no-")) {
            std::string_view rest = name.substr(3);
            if (rest == long_name) return Candidate{&o, true};
            if (starts_with(long_name, rest)) add(o, true);
        }
    }
    if (ambiguous) {
        // git treats this as a request for help: the usage goes to stdout.
        print_error("ambiguous option: " + std::string(whole_arg) + " (could be --" + spelled(*ambiguous) + " or --" +
                    spelled(*abbreviated) + ")");
        std::fputs(options.usage_text().c_str(), stdout);
        throw ExitCode{129};
    }
    return abbreviated;
}

}  // namespace

ArgvCopy git_style_argv(int argc, char** argv, const std::vector<LongOption>& table, const Options& options) {
    std::vector<std::string> args;
    bool options_done = false;
    for (int i = 0; i < argc; ++i) {
        std::string_view arg = argv[i];
        if (i == 0 || options_done || !starts_with(arg, "--") || arg.size() == 2) {
            if (arg == "--") options_done = true;
            args.emplace_back(arg);
            continue;
        }
        std::string_view body = arg.substr(2);
        auto eq = body.find('=');
        std::string_view name = body.substr(0, eq);
        auto found = resolve_long(name, table, body, options);
        if (!found) {
            args.emplace_back(arg);
            continue;
        }
        std::string full = "--" + spelled(*found);
        bool takes_value = found->option->value != LongOption::flag && !found->negated;
        if (eq != std::string_view::npos && !takes_value) {
            print_error("option `" + spelled(*found) + "' takes no value");
            throw ExitCode{129};
        }
        if (eq == std::string_view::npos) {
            args.push_back(full);
        } else if (eq + 1 == body.size() && found->option->value == LongOption::required_value) {
            args.push_back(full);
            args.emplace_back();
        } else {
            args.push_back(full + "=" + std::string(body.substr(eq + 1)));
        }
    }
    return ArgvCopy(std::move(args));
}

}  // namespace grit::cmd
