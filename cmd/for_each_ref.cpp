// git for-each-ref: list refs with a format, sorted and filtered.
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/command.h"
#include "common/report.h"
#include "common/parse_options.h"
#include "common/report.h"
#include "object/object_type.h"
#include "refs/ref_atoms.h"
#include "refs/ref_filter.h"
#include "refs/ref_format.h"
#include "refs/ref_store.h"
#include "repo/repository.h"
#include "revision/resolve.h"

namespace grit::cmd {

namespace {

constexpr const char* kUsage =
    "usage: git for-each-ref [<options>] [<pattern>]\n"
    "   or: git for-each-ref [--points-at <object>]\n"
    "   or: git for-each-ref [--merged [<commit>]] [--no-merged [<commit>]]\n"
    "   or: git for-each-ref [--contains [<commit>]] [--no-contains [<commit>]]\n"
    "\n"
    "    -s, --shell           quote placeholders suitably for shells\n"
    "    -p, --perl            quote placeholders suitably for perl\n"
    "    --python              quote placeholders suitably for python\n"
    "    --tcl                 quote placeholders suitably for Tcl\n"
    "\n"
    "    --count <n>           show only <n> matched refs\n"
    "    --format <format>     format to use for the output\n"
    "    --color[=<when>]      respect format colors\n"
    "    --sort <key>          field name to sort on\n"
    "    --points-at <object>  print only refs which points at the given object\n"
    "    --merged <commit>     print only refs that are merged\n"
    "    --no-merged <commit>  print only refs that are not merged\n"
    "    --contains <commit>   print only refs which contain the commit\n"
    "    --no-contains <commit>\n"
    "                          print only refs which don't contain the commit\n"
    "    --ignore-case         sorting and filtering are case insensitive\n"
    "\n";

constexpr const char* kDefaultFormat = "%(objectname) %(objecttype)\t%(refname)";

struct Args {
    int shell = 0, perl = 0, python = 0, tcl = 0;
    std::optional<std::string> count, format;
    std::optional<std::string> color;  // "always" when given without a value
    std::vector<std::string> sort, points_at, merged, no_merged, contains, no_contains, exclude;
    int ignore_case = 0, stdin_patterns = 0, omit_empty = 0;
    std::vector<std::string> patterns;
};

// "--merged" and friends take HEAD when they are the last argument (git's
// PARSE_OPT_LASTARG_DEFAULT).
std::vector<char*> with_lastarg_default(int argc, char** argv, std::string& head) {
    std::vector<char*> out(argv, argv + argc);
    if (argc > 1) {
        std::string_view last = argv[argc - 1];
        if (last == "--merged" || last == "--no-merged" || last == "--contains" || last == "--no-contains")
            out.push_back(head.data());
    }
    return out;
}

Args parse(int argc, char** argv) {
    Args a;
    using G = GitOption;
    std::vector<GitOption> table = {
        G::make_bool('s', "shell", &a.shell),
        G::make_bool('p', "perl", &a.perl),
        G::make_bool(0, "python", &a.python),
        G::make_bool(0, "tcl", &a.tcl),
        G::make_string(0, "count", &a.count),
        G::make_string(0, "format", &a.format),
        G::make_callback("color",
                         [&a](const char* v, bool) -> std::optional<std::string> {
                             std::string when = v ? v : "always";
                             if (when != "always" && when != "auto" && when != "never")
                                 return std::string("option `color' expects \"always\", \"auto\", or \"never\"");
                             a.color = when;
                             return std::nullopt;
                         }),
        G::make_string_list("sort", &a.sort),
        G::make_string_list("points-at", &a.points_at),
        // PARSE_OPT_NONEG in git: "--no-merged" is its own option, not "--merged" negated.
        G::make_string_list("merged", &a.merged, false),
        G::make_string_list("no-merged", &a.no_merged, false),
        G::make_string_list("contains", &a.contains, false),
        G::make_string_list("no-contains", &a.no_contains, false),
        G::make_bool(0, "ignore-case", &a.ignore_case),
        // Newer than git 2.39, as git documents them.
        G::make_string_list("exclude", &a.exclude),
        G::make_bool(0, "stdin", &a.stdin_patterns),
        G::make_bool(0, "omit-empty", &a.omit_empty),
    };
    std::string head = "HEAD";
    auto args = with_lastarg_default(argc, argv, head);
    a.patterns = parse_git_options(static_cast<int>(args.size()), args.data(), std::move(table), kUsage);
    return a;
}

[[noreturn]] void option_error(std::string_view msg) {
    std::fflush(stdout);
    std::fprintf(stderr, "error: %.*s\n", static_cast<int>(msg.size()), msg.data());
    throw ExitCode{129};
}

[[noreturn]] void usage_error(std::string_view msg) {
    std::fflush(stdout);
    std::fprintf(stderr, "error: %.*s\n", static_cast<int>(msg.size()), msg.data());
    std::fputs(kUsage, stderr);
    throw ExitCode{129};
}

// A commit for --merged/--contains, with git's complaints when it is not one.
ObjectId commit_or_fail(Repository& repo, const std::string& name, bool merged_option, std::string_view option) {
    Resolution res = resolve_revision(repo, name, ResolveOptions{.hint = Disambiguate::committish});
    if (!res.found()) {
        if (merged_option) die("malformed object name " + name);
        option_error("malformed object name " + name);
    }
    ObjectType reached = ObjectType::none;
    auto commit = peel_to_type(repo, res.oid, ObjectType::commit, &reached);
    if (!commit) {
        std::string line = "object " + res.oid.hex() + " is a " + std::string(type_name(reached)) + ", not a commit";
        std::fprintf(stderr, "error: %s\n", line.c_str());
        if (merged_option) option_error("option `" + std::string(option) + "' must point to a commit");
        option_error("no such commit " + name);
    }
    return *commit;
}

std::string current_branch(Repository& repo) {
    std::string name;
    try {
        if (!repo.refs().resolve("HEAD", &name)) return "";
    } catch (const Error&) {
        return "";
    }
    return name == "HEAD" ? "" : name;
}

int for_each_ref(int argc, char** argv, const StartupOptions& startup) {
    return run_reporting_errors([&]() -> int {
        std::unique_ptr<Repository> repo;
        if (!(argc == 2 && std::string_view(argv[1]) == "-h")) repo = Repository::discover(startup);
        Args a = parse(argc, argv);

        int max_count = 0;
        if (a.count) {
            char* end = nullptr;
            long v = std::strtol(a.count->c_str(), &end, 10);
            if (a.count->empty() || *end) option_error("option `count' expects a numerical value");
            if (v < 0) usage_error("invalid --count argument: `" + *a.count + "'");
            max_count = static_cast<int>(v);
        }
        if (a.shell + a.perl + a.python + a.tcl > 1) usage_error("more than one quoting style?");
        QuoteStyle quote = a.shell ? QuoteStyle::shell : a.perl ? QuoteStyle::perl
                         : a.python ? QuoteStyle::python : a.tcl ? QuoteStyle::tcl : QuoteStyle::none;

        bool color = false;
        // git 2.39's for-each-ref does not read color.ui.
        std::string when = a.color.value_or("auto");
        if (when == "always") color = true;
        else if (when == "auto") color = isatty(1);

        std::optional<RefFormat> format;
        try {
            format.emplace(a.format.value_or(kDefaultFormat), quote, color);
        } catch (const MalformedFormat& e) {
            usage_error(e.what());
        }

        std::vector<SortKey> sort_keys;
        for (const auto& key : a.sort) sort_keys.push_back(parse_sort_key(key));
        if (sort_keys.empty()) sort_keys.push_back(parse_sort_key("refname"));

        RefFilterOptions filter;
        filter.ignore_case = a.ignore_case;
        filter.excluded = a.exclude;
        for (const auto& name : a.points_at) {
            Resolution res = resolve_revision(*repo, name);
            if (!res.found()) option_error("malformed object name '" + name + "'");
            filter.points_at.push_back(res.oid);
        }
        for (const auto& n : a.merged) filter.merged.push_back(commit_or_fail(*repo, n, true, "merged"));
        for (const auto& n : a.no_merged) filter.no_merged.push_back(commit_or_fail(*repo, n, true, "no-merged"));
        for (const auto& n : a.contains) filter.contains.push_back(commit_or_fail(*repo, n, false, "contains"));
        for (const auto& n : a.no_contains) filter.no_contains.push_back(commit_or_fail(*repo, n, false, "no-contains"));

        if (a.stdin_patterns) {
            if (!a.patterns.empty()) die("unknown arguments supplied with --stdin");
            std::string line;
            while (std::getline(std::cin, line)) a.patterns.push_back(line);
        }
        filter.patterns = a.patterns;

        RefFilterResult found = filter_refs(*repo, filter);
        for (const auto& w : found.warnings) print_warning(w);
        RefContext context(current_branch(*repo));
        // Values read for sorting are kept for formatting: each object is read once.
        std::vector<std::unique_ptr<RefValues>> kept(found.refs.size());
        auto values_of = [&](std::size_t i) -> RefValues& {
            if (!kept[i]) kept[i] = std::make_unique<RefValues>(*repo, found.refs[i], context);
            return *kept[i];
        };
        std::vector<std::size_t> order = sort_order(found.refs, sort_keys, a.ignore_case, values_of);

        // Everything is formatted before anything is written: like git, a
        // ref whose object is missing fails the command with no output.
        std::string out;
        std::size_t shown = 0;
        for (std::size_t i : order) {
            if (max_count && shown == static_cast<std::size_t>(max_count)) break;
            std::size_t start = out.size();
            format->expand(values_of(i), out);
            kept[i].reset();
            if (a.omit_empty && out.size() == start) continue;
            out += '\n';
            ++shown;
        }
        std::fwrite(out.data(), 1, out.size(), stdout);
        return 0;
    });
}

}  // namespace

GRIT_COMMAND("for-each-ref", for_each_ref);

}  // namespace grit::cmd
