// git ls-tree: list the contents of a tree object.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/command.h"
#include "common/parse_options.h"
#include "common/report.h"
#include "object/tree_walk.h"
#include "odb/object_database.h"
#include "pathspec/pathspec.h"
#include "repo/repository.h"
#include "revision/resolve.h"
#include "util/quote.h"
#include "util/repo_path.h"

namespace grit::cmd {

namespace {

constexpr const char* kUsage =
    "usage: git ls-tree [<options>] <tree-ish> [<path>...]\n"
    "\n"
    "    -d                    only show trees\n"
    "    -r                    recurse into subtrees\n"
    "    -t                    show trees when recursing\n"
    "    -z                    terminate entries with NUL byte\n"
    "    -l, --long            include object size\n"
    "    --name-only           list only filenames\n"
    "    --name-status         list only filenames\n"
    "    --object-only         list only objects\n"
    "    --full-name           use full path names\n"
    "    --full-tree           list entire tree; not just current directory (implies --full-name)\n"
    "    --format <format>     format to use for the output\n"
    "    --abbrev[=<n>]        use <n> digits to display object names\n"
    "\n";

constexpr int kAbbrevDefault = -1;  // --abbrev without a value: core.abbrev
constexpr int kMinimumAbbrev = 4;

// The mutually exclusive output modes (git's OPT_CMDMODE).
enum class OutputMode { normal, long_listing, name_only, object_only };
constexpr int kNameStatusMode = 100;

struct LsTreeArgs {
    LsTreeWalkOptions walk;
    OutputMode mode = OutputMode::normal;
    char terminator = '\n';
    bool full_name = false;
    bool full_tree = false;
    int abbrev = 0;  // 0: full names
    std::optional<std::string> format;
    std::vector<std::string> args;
};

// One piece of a --format string.
struct FormatOp {
    enum Kind { literal, mode, type, name, size, padded_size, path, fail } kind;
    std::string text;  // literal bytes, or the message for `fail`
};

bool is_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
int hex_digit(char c) { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; }

// Parses the format once. git expands it entry by entry and dies at the first
// bad element, so an error becomes a `fail` op reached when an entry is shown.
std::vector<FormatOp> parse_format(std::string_view format) {
    std::vector<FormatOp> ops;
    auto add_literal = [&](std::string_view bytes) {
        if (bytes.empty()) return;
        if (ops.empty() || ops.back().kind != FormatOp::literal) ops.push_back({FormatOp::literal, {}});
        ops.back().text.append(bytes);
    };
    while (true) {
        auto percent = format.find('%');
        add_literal(format.substr(0, percent));
        if (percent == std::string_view::npos) break;
        std::string_view rest = format.substr(percent + 1);
        if (!rest.empty() && rest[0] == '%') {
            add_literal("%");
            format = rest.substr(1);
            continue;
        }
        if (!rest.empty() && rest[0] == 'n') {
            add_literal("\n");
            format = rest.substr(1);
            continue;
        }
        if (rest.size() >= 3 && rest[0] == 'x' && is_hex(rest[1]) && is_hex(rest[2])) {
            char byte = static_cast<char>(hex_digit(rest[1]) * 16 + hex_digit(rest[2]));
            add_literal(std::string_view(&byte, 1));
            format = rest.substr(3);
            continue;
        }
        if (rest.empty() || rest[0] != '(') {
            ops.push_back({FormatOp::fail, "bad ls-tree format: element '" + std::string(rest) +
                                               "' does not start with '('"});
            break;
        }
        auto close = rest.find(')', 1);
        if (close == std::string_view::npos) {
            ops.push_back(
                {FormatOp::fail, "bad ls-tree format: element '" + std::string(rest) + "' does not end in ')'"});
            break;
        }
        std::string_view atom = rest.substr(0, close + 1);
        if (atom == "(objectmode)") ops.push_back({FormatOp::mode, {}});
        else if (atom == "(objecttype)") ops.push_back({FormatOp::type, {}});
        else if (atom == "(objectname)") ops.push_back({FormatOp::name, {}});
        else if (atom == "(objectsize)") ops.push_back({FormatOp::size, {}});
        else if (atom == "(objectsize:padded)") ops.push_back({FormatOp::padded_size, {}});
        else if (atom == "(path)") ops.push_back({FormatOp::path, {}});
        else {
            ops.push_back({FormatOp::fail, "bad ls-tree format: %" + std::string(atom)});
            break;
        }
        format = rest.substr(close + 1);
    }
    return ops;
}

// Turns one listed entry into output lines.
class EntryPrinter {
public:
    EntryPrinter(Repository& repo, const LsTreeArgs& args, std::string relative_prefix)
        : repo_(repo), odb_(repo.odb()), args_(args), prefix_(std::move(relative_prefix)) {
        quote_high_bytes_ = repo.config().get_bool("core.quotepath").value_or(true);
        if (args.format) ops_ = parse_format(*args.format);
    }

    void print(const ListedEntry& entry) {
        line_.clear();
        if (args_.format) {
            expand_format(entry);
        } else {
            switch (args_.mode) {
            case OutputMode::normal:
                append_mode(entry.mode);
                line_ += ' ';
                line_.append(type_name(entry.type));
                line_ += ' ';
                append_name(entry.oid);
                line_ += '\t';
                append_path(entry.path);
                break;
            case OutputMode::long_listing:
                append_mode(entry.mode);
                line_ += ' ';
                line_.append(type_name(entry.type));
                line_ += ' ';
                append_name(entry.oid);
                line_ += ' ';
                append_size(entry, true, true);
                line_ += '\t';
                append_path(entry.path);
                break;
            case OutputMode::name_only: append_path(entry.path); break;
            case OutputMode::object_only: append_name(entry.oid); break;
            }
        }
        line_ += args_.terminator;
        std::fwrite(line_.data(), 1, line_.size(), stdout);
    }

private:
    void expand_format(const ListedEntry& entry) {
        for (const auto& op : ops_) {
            switch (op.kind) {
            case FormatOp::literal: line_ += op.text; break;
            case FormatOp::mode: append_mode(entry.mode); break;
            case FormatOp::type: line_.append(type_name(entry.type)); break;
            case FormatOp::name: append_name(entry.oid); break;
            case FormatOp::size: append_size(entry, false, false); break;
            case FormatOp::padded_size: append_size(entry, true, false); break;
            case FormatOp::path: append_path(entry.path); break;
            case FormatOp::fail: die(op.text);
            }
        }
    }

    void append_mode(std::uint32_t mode) {
        char buf[16];
        int n = std::snprintf(buf, sizeof buf, "%06o", mode);
        line_.append(buf, static_cast<std::size_t>(n));
    }

    void append_name(const ObjectId& oid) {
        if (args_.abbrev == 0) {
            char hex[2 * 32];
            oid.to_hex(hex);
            line_.append(hex, oid.size() * 2);
        } else {
            line_ += abbreviate(repo_, oid, args_.abbrev);
        }
    }

    // Blob sizes; "-" for trees and submodules. A blob that cannot be found
    // shows "BAD" in the -l listing and is fatal in --format.
    void append_size(const ListedEntry& entry, bool padded, bool missing_is_bad) {
        std::string text = "-";
        if (entry.type == ObjectType::blob) {
            auto header = odb_.read_header(entry.oid);
            if (header) text = std::to_string(header->size);
            else if (missing_is_bad) text = "BAD";
            else die("could not get object info about '" + entry.oid.hex() + "'");
        }
        if (padded && text.size() < 7) line_.append(7 - text.size(), ' ');
        line_ += text;
    }

    void append_path(std::string_view path) {
        std::string relative;
        if (!prefix_.empty()) {
            relative = relative_to_prefix(path, prefix_);
            path = relative;
        }
        if (args_.terminator) append_c_quoted(line_, path, quote_high_bytes_);
        else line_.append(path);
    }

    Repository& repo_;
    ObjectDatabase& odb_;
    const LsTreeArgs& args_;
    std::string prefix_;
    bool quote_high_bytes_ = true;
    std::vector<FormatOp> ops_;
    std::string line_;
};

// --abbrev=<n>: git raises anything below 4 (but 0) to 4; lengths past the
// full name give the full name.
std::optional<std::string> parse_abbrev(const char* value, bool unset, int& abbrev) {
    if (!value) {
        abbrev = unset ? 0 : kAbbrevDefault;
        return std::nullopt;
    }
    char* end = nullptr;
    long v = std::strtol(value, &end, 10);
    if (!*value || *end) return std::string("option `abbrev' expects a numerical value");
    if (v && v < kMinimumAbbrev) v = kMinimumAbbrev;
    abbrev = v > 1000 ? 1000 : static_cast<int>(v);
    return std::nullopt;
}

LsTreeArgs parse_args(int argc, char** argv) {
    LsTreeArgs args;
    int d = 0, r = 0, t = 0, z = 0, mode = 0, full_tree = 0;
    // git's OPT_SET_INT(0, "full-name", ..., 0) sets the same value negated or
    // not: any mention of it means full names.
    int full_name = -1;
    GitOption format = GitOption::make_string(0, "format", &args.format);
    format.negatable = false;
    using G = GitOption;
    args.args = parse_git_options(
        argc, argv,
        {
            G::make_bool('d', {}, &d),
            G::make_bool('r', {}, &r),
            G::make_bool('t', {}, &t),
            G::make_bool('z', {}, &z),
            G::make_cmdmode('l', "long", &mode, static_cast<int>(OutputMode::long_listing)),
            G::make_cmdmode(0, "name-only", &mode, static_cast<int>(OutputMode::name_only)),
            // Prints as --name-only, but is a mode of its own for the conflict check.
            G::make_cmdmode(0, "name-status", &mode, kNameStatusMode),
            G::make_cmdmode(0, "object-only", &mode, static_cast<int>(OutputMode::object_only)),
            G::make_bool(0, "full-name", &full_name),
            G::make_bool(0, "full-tree", &full_tree),
            format,
            G::make_callback(
                "abbrev", [&](const char* value, bool unset) { return parse_abbrev(value, unset, args.abbrev); },
                true),
        },
        kUsage);
    if (mode) args.mode = mode == kNameStatusMode ? OutputMode::name_only : static_cast<OutputMode>(mode);
    if (args.format && mode) usage_message("--format can't be combined with other format-altering options", kUsage);
    args.full_name = full_name != -1;
    args.full_tree = full_tree;
    args.walk.recursive = r;
    args.walk.show_trees = t || (d && r);
    args.walk.trees_only = d;
    args.terminator = z ? '\0' : '\n';
    if (args.args.empty()) usage_with_options(kUsage);
    return args;
}

// git's absolute_path: a relative path is appended to the current directory
// as it is ("." gives "/cwd/.").
std::string absolute_path(const std::string& path) {
    if (!path.empty() && path[0] == '/') return path;
    char buf[4096];
    if (!getcwd(buf, sizeof buf)) return path;
    return std::string(buf) + "/" + path;
}

std::optional<std::string> env_value(const char* name) {
    const char* v = std::getenv(name);
    return v ? std::optional<std::string>(v) : std::nullopt;
}

int ls_tree(int argc, char** argv, const StartupOptions& startup) {
    return run_reporting_errors([&] {
        // git sets the repository up before it parses options, except for a lone -h.
        bool lone_help = argc == 2 && std::string_view(argv[1]) == "-h";
        std::unique_ptr<Repository> repo = lone_help ? nullptr : Repository::discover(startup);
        LsTreeArgs args = parse_args(argc, argv);

        Resolution resolved = resolve_revision(*repo, args.args[0]);
        for (const auto& line : resolved.messages) std::fprintf(stderr, "%s\n", line.c_str());
        if (resolved.status == ResolveStatus::unsupported) die(resolved.fatal);
        if (!resolved.found()) die("Not a valid object name " + args.args[0]);

        // Pathspecs are relative to the current directory unless --full-tree.
        PathspecContext context;
        if (!args.full_tree) context.prefix = repo->prefix();
        if (repo->work_tree()) {
            context.work_tree = *repo->work_tree();
            context.root_for_messages = *repo->work_tree();
        } else {
            context.root_for_messages = absolute_path(repo->git_dir());
        }
        if (auto literal = env_value("GIT_LITERAL_PATHSPECS"))
            context.literal_pathspecs = Config::parse_bool(*literal).value_or(false);
        std::vector<std::string> paths(args.args.begin() + 1, args.args.end());
        std::vector<std::string> pathspec;
        for (auto& item : parse_pathspec(paths, context, kPathspecTop | kPathspecLiteral))
            pathspec.push_back(std::move(item.match));

        auto tree_id = peel_to_type(*repo, resolved.oid, ObjectType::tree);
        if (!tree_id) die("not a tree object");
        auto tree = repo->odb().read(*tree_id);
        if (!tree || tree->type != ObjectType::tree) die("not a tree object");

        EntryPrinter printer(*repo, args, args.full_name ? std::string() : context.prefix);
        try {
            walk_ls_tree(repo->odb(), tree->data, pathspec, args.walk,
                         [&](const ListedEntry& entry) { printer.print(entry); });
        } catch (const UnreadableTree& e) {
            std::fflush(stdout);
            print_error(e.what());
            return 1;
        }
        return 0;
    });
}

GRIT_COMMAND("ls-tree", ls_tree);

}  // namespace
}  // namespace grit::cmd
