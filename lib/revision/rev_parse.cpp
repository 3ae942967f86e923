#include "revision/rev_parse.h"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <limits>

#include "object/commit.h"
#include "odb/object_database.h"
#include "refs/ref_store.h"
#include "repo/repository.h"
#include "revision/merge_base.h"
#include "revision/ref_dwim.h"
#include "revision/resolve.h"
#include "util/approxidate.h"
#include "util/error.h"
#include "util/wildmatch.h"

namespace grit {

namespace {

// Arguments that rev-parse passes through to rev-list as revision options.
bool is_rev_argument(std::string_view arg) {
    static constexpr std::string_view kRevArgs[] = {
        "--all",       "--bisect",       "--dense",        "--branches=",   "--branches",   "--header",
        "--ignore-missing", "--max-age=", "--max-count=",  "--min-age=",    "--no-merges",  "--min-parents=",
        "--no-min-parents", "--max-parents=", "--no-max-parents", "--objects", "--objects-edge", "--parents",
        "--pretty",    "--remotes=",     "--remotes",      "--glob=",       "--sparse",     "--tags=",
        "--tags",      "--topo-order",   "--date-order",   "--unpacked",
    };
    if (arg.size() > 1 && arg[0] == '-' && arg[1] >= '0' && arg[1] <= '9') return true;
    for (std::string_view rev_arg : kRevArgs) {
        if (arg == rev_arg) return true;
        if (rev_arg.back() == '=' && arg.substr(0, rev_arg.size()) == rev_arg) return true;
    }
    return false;
}

// "--opt" (value nullopt) or "--opt=<value>".
bool opt_with_value(std::string_view arg, std::string_view opt, std::optional<std::string_view>& value) {
    if (arg.substr(0, opt.size()) != opt) return false;
    if (arg.size() == opt.size()) {
        value.reset();
        return true;
    }
    if (arg[opt.size()] != '=') return false;
    value = arg.substr(opt.size() + 1);
    return true;
}

bool skip_prefix(std::string_view arg, std::string_view prefix, std::string_view& rest) {
    if (arg.substr(0, prefix.size()) != prefix) return false;
    rest = arg.substr(prefix.size());
    return true;
}

bool has_glob_specials(std::string_view s) { return s.find_first_of("*?[\\") != std::string_view::npos; }

// Wildcards (other than a backslash-escaped one) or ":(" magic make an
// argument a pathspec even when no such file exists.
bool looks_like_pathspec(std::string_view arg) {
    bool escaped = false;
    for (char c : arg) {
        if (escaped) {
            escaped = false;
        } else if (c == '\\') {
            escaped = true;
        } else if (c == '*' || c == '?' || c == '[') {
            return true;
        }
    }
    return arg.substr(0, 2) == ":(";
}

bool is_alnum(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

constexpr const char* kAmbiguousArgument =
    "': unknown revision or path not in the working tree.\n"
    "Use '--' to separate paths from revisions, like this:\n"
    "'git <command> [<revision>...] -- [<file>...]'";

}  // namespace

RevParseRevisions::RevParseRevisions(Repository& repo, std::vector<std::string> args, Sink out, Sink err)
    : repo_(repo), args_(std::move(args)), out_(std::move(out)), err_(std::move(err)) {
    has_dashdash_ = std::find(args_.begin(), args_.end(), "--") != args_.end();
}

void RevParseRevisions::report(const std::vector<std::string>& lines) {
    for (const auto& line : lines) err_(line);
}

void RevParseRevisions::show(std::string_view text) {
    if (!output_sq_) {
        std::string line(text);
        line += '\n';
        out_(line);
        return;
    }
    std::string quoted = "'";
    for (char c : text) {
        if (c == '\'') quoted += "'\\'";
        quoted += c;
    }
    quoted += "' ";
    out_(quoted);
}

void RevParseRevisions::show_with_type(bool reversed, std::string_view text) {
    if (reversed != negate_all_) {
        std::string negated = "^";
        negated.append(text);
        show(negated);
    } else {
        show(text);
    }
}

void RevParseRevisions::show_rev(bool reversed, const ObjectId& id, const std::string* name) {
    if (!(filter_ & revs)) return;
    default_rev_.reset();
    if ((symbolic_ != none || abbrev_ref_) && name) {
        if (symbolic_ == full || abbrev_ref_) {
            DwimRef ref = dwim_ref(repo_, *name);
            report(ref.messages);
            if (ref.count == 1) {
                show_with_type(reversed, abbrev_ref_ ? shorten_ref(repo_, ref.full_name, abbrev_ref_strict_)
                                                     : ref.full_name);
            } else if (ref.count > 1) {
                err_("error: refname '" + *name + "' is ambiguous");
            }
        } else {
            show_with_type(reversed, *name);
        }
    } else if (abbrev_) {
        show_with_type(reversed, abbreviate(repo_, id, abbrev_));
    } else {
        show_with_type(reversed, id.hex());
    }
}

bool RevParseRevisions::show_flag(std::string_view arg) {
    if (!(filter_ & flags)) return false;
    if (filter_ & (is_rev_argument(arg) ? revs : norev)) {
        show(arg);
        return true;
    }
    return false;
}

bool RevParseRevisions::show_default() {
    if (!default_rev_) return false;
    std::string name = std::move(*default_rev_);
    default_rev_.reset();
    if (auto id = get_oid(name, false, false)) {
        show_rev(false, *id, &name);
        return true;
    }
    return false;
}

bool RevParseRevisions::show_file(std::string_view arg) {
    show_default();
    if ((filter_ & (nonflags | norev)) == (nonflags | norev)) {
        show(arg);
        return true;
    }
    return false;
}

std::optional<ObjectId> RevParseRevisions::get_oid(std::string_view name, bool committish, bool quiet) {
    ResolveOptions options;
    options.hint = committish ? Disambiguate::committish : Disambiguate::none;
    options.quiet = quiet;
    if (!commits_) commits_.emplace(repo_);
    if (!chains_) chains_.emplace(*commits_);
    options.commits = &*commits_;
    options.first_parent_chains = &*chains_;
    Resolution r = resolve_revision(repo_, name, options);
    report(r.messages);
    if (r.status == ResolveStatus::unsupported) throw BadName(r.fatal);
    if (!r.found()) return std::nullopt;
    return r.oid;
}

// lookup_commit_reference: tags peeled; anything else than a commit is an error.
std::optional<ObjectId> RevParseRevisions::commit_of(const ObjectId& id) {
    auto target = peel_to_type(repo_, id, ObjectType::none);
    if (!target) return std::nullopt;
    auto header = repo_.odb().read_header(*target);
    if (!header) return std::nullopt;
    if (header->type != ObjectType::commit) {
        err_("error: object " + target->hex() + " is a " + std::string(type_name(header->type)) + ", not a commit");
        return std::nullopt;
    }
    return target;
}

void RevParseRevisions::show_refs(std::string_view prefix, std::optional<std::string_view> pattern, bool trim) {
    std::string full_pattern;
    if (pattern) {
        full_pattern = prefix.empty() && pattern->substr(0, 5) != "refs/" ? "refs/" : std::string(prefix);
        full_pattern.append(*pattern);
        if (!has_glob_specials(*pattern)) {
            if (!full_pattern.empty() && full_pattern.back() != '/') full_pattern += '/';
            full_pattern += '*';
        }
    }
    std::vector<std::pair<std::string, ObjectId>> refs;
    repo_.refs().for_each_ref(prefix.empty() ? "refs/" : prefix, [&](const Ref& ref) {
        if (pattern && !wildmatch(full_pattern, ref.name)) return;
        refs.emplace_back(trim ? ref.name.substr(prefix.size()) : ref.name, ref.oid);
    });
    for (const auto& [name, id] : refs) {
        bool excluded = std::any_of(excludes_.begin(), excludes_.end(), [&](const std::string& p) {
            return wildmatch(p, name);
        });
        if (!excluded) show_rev(false, id, &name);
    }
    excludes_.clear();
}

void RevParseRevisions::die_no_single_rev() {
    if (quiet_) throw RevParseExit{1};
    throw BadName("Needed a single revision");
}

bool RevParseRevisions::try_difference(const std::string& arg) {
    auto dots = arg.find("..");
    if (dots == std::string::npos) return false;
    std::string start = arg.substr(0, dots);
    std::string end = arg.substr(dots + 2);
    bool symmetric = !end.empty() && end[0] == '.';
    if (symmetric) end.erase(0, 1);
    bool end_default = end.empty(), start_default = dots == 0;
    if (end_default) end = "HEAD";
    if (start_default) start = "HEAD";
    // A bare ".." is the parent directory, not a range.
    if (start_default && end_default && !symmetric) return false;

    auto start_id = get_oid(start, true, false);
    if (!start_id) return false;
    auto end_id = get_oid(end, true, false);
    if (!end_id) return false;
    show_rev(false, *end_id, &end);
    show_rev(!symmetric, *start_id, &start);
    if (symmetric) {
        auto a = commit_of(*start_id);
        auto b = commit_of(*end_id);
        if (!a || !b) return false;
        for (const auto& base : merge_bases(repo_, *a, *b)) show_rev(true, base, nullptr);
    }
    return true;
}

bool RevParseRevisions::try_parent_shorthands(const std::string& arg) {
    bool include_rev = false, include_parents = false;
    unsigned long exclude_parent = 0;
    std::size_t mark;
    if ((mark = arg.find("^!")) != std::string::npos) {
        include_rev = true;
        if (mark + 2 != arg.size()) return false;
    } else if ((mark = arg.find("^@")) != std::string::npos) {
        include_parents = true;
        if (mark + 2 != arg.size()) return false;
    } else if ((mark = arg.find("^-")) != std::string::npos) {
        include_rev = true;
        exclude_parent = 1;
        if (mark + 2 != arg.size()) {
            std::string digits = arg.substr(mark + 2);
            if (!std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
                return false;
            exclude_parent = 0;
            for (char c : digits) {
                exclude_parent = exclude_parent * 10 + static_cast<unsigned long>(c - '0');
                if (exclude_parent > std::numeric_limits<unsigned>::max()) return false;
            }
            if (!exclude_parent) return false;
        }
    } else {
        return false;
    }

    std::string base = arg.substr(0, mark);
    auto id = get_oid(base, true, false);
    if (!id) return false;
    auto commit_id = commit_of(*id);
    if (!commit_id) return false;
    auto object = repo_.odb().read(*commit_id);
    if (!object) return false;
    ParsedCommit commit = parse_commit(object->data, commit_id->algo);
    if (exclude_parent > commit.parents.size()) return false;

    if (include_rev) show_rev(false, *id, &base);
    for (std::size_t n = 1; n <= commit.parents.size(); ++n) {
        if (exclude_parent && n != exclude_parent) continue;
        std::string name = base + "^" + std::to_string(n);
        show_rev(!include_parents, commit.parents[n - 1], symbolic_ != none ? &name : nullptr);
    }
    return true;
}

void RevParseRevisions::verify_filename(const std::string& arg, bool diagnose_misspelt_rev) {
    if (!arg.empty() && arg[0] == '-')
        throw BadName("option '" + arg + "' must come before non-option arguments");
    if (looks_like_pathspec(arg)) return;
    std::string_view path = arg;
    if (path.substr(0, 2) == ":/") {
        if (path.size() == 2) return;
        path.remove_prefix(2);
    } else if (path.substr(0, 2) == ":!" || path.substr(0, 2) == ":^") {
        if (path.size() == 2) return;
        path.remove_prefix(2);
    }
    std::string file(path);
    if (arg.substr(0, 2) == ":/" && repo_.work_tree()) file = *repo_.work_tree() + "/" + file;
    struct stat st {};
    if (lstat(file.c_str(), &st) == 0) return;
    if (errno != ENOENT && errno != ENOTDIR) throw_errno("failed to stat '" + file + "'");

    if (!diagnose_misspelt_rev)
        throw BadName(arg +
                      ": no such path in the working tree.\n"
                      "Use 'git <command> -- <path>...' to specify paths that do not exist locally.");
    // git looks at the name once more to explain what is wrong with it: quietly,
    // yet peel errors (and all of them below a ~ or ^) are repeated.
    if (!(arg.size() >= 1 && arg[0] == ':' && !(arg.size() > 1 && is_alnum(arg[1])))) {
        ResolveOptions quietly;
        quietly.quiet = true;
        Resolution again = resolve_revision(repo_, arg, quietly);
        report(again.messages);
        if (!again.found() && !again.fatal.empty()) throw BadName(again.fatal);
    }
    throw BadName("ambiguous argument '" + arg + kAmbiguousArgument);
}

bool RevParseRevisions::option(std::size_t& i) {
    const std::string& arg = args_[i];
    std::optional<std::string_view> value;
    std::string_view rest;
    if (arg == "-n") {
        if (++i >= args_.size()) throw BadName("-n requires an argument");
        if ((filter_ & flags) && (filter_ & revs)) {
            show(arg);
            show(args_[i]);
        }
        return true;
    }
    if (arg.substr(0, 2) == "-n") {
        if ((filter_ & flags) && (filter_ & revs)) show(arg);
        return true;
    }
    if (arg == "--default") {
        if (++i >= args_.size()) throw BadName("--default requires an argument");
        default_rev_ = args_[i];
        return true;
    }
    if (arg == "--revs-only") {
        filter_ &= ~norev;
    } else if (arg == "--no-revs") {
        filter_ &= ~revs;
    } else if (arg == "--flags") {
        filter_ &= ~nonflags;
    } else if (arg == "--no-flags") {
        filter_ &= ~flags;
    } else if (arg == "--verify") {
        filter_ &= ~(flags | norev);
        verify_ = true;
    } else if (arg == "--quiet" || arg == "-q") {
        quiet_ = true;
    } else if (opt_with_value(arg, "--short", value)) {
        filter_ &= ~(flags | norev);
        verify_ = true;
        abbrev_ = -1;
        if (value) {
            // strtoul semantics: leading digits, anything else is 0.
            unsigned long n = 0;
            for (char c : *value) {
                if (c < '0' || c > '9') break;
                n = std::min<unsigned long>(n * 10 + static_cast<unsigned long>(c - '0'), 1000);
            }
            // git clamps to the hex size it knows before it opens the
            // repository, SHA-1's, even in a SHA-256 repository.
            constexpr unsigned long kClamp = hex_size(HashAlgo::sha1);
            abbrev_ = n < 4 ? 4 : static_cast<int>(std::min(n, kClamp));
        }
    } else if (arg == "--sq") {
        output_sq_ = true;
    } else if (arg == "--not") {
        negate_all_ = !negate_all_;
    } else if (arg == "--symbolic") {
        symbolic_ = as_is;
    } else if (arg == "--symbolic-full-name") {
        symbolic_ = full;
    } else if (opt_with_value(arg, "--abbrev-ref", value)) {
        abbrev_ref_ = true;
        abbrev_ref_strict_ = warn_ambiguous_refs(repo_);
        if (value) {
            if (*value == "strict")
                abbrev_ref_strict_ = true;
            else if (*value == "loose")
                abbrev_ref_strict_ = false;
            else
                throw BadName("unknown mode for --abbrev-ref: " + std::string(*value));
        }
    } else if (arg == "--all") {
        show_refs("", std::nullopt, false);
    } else if (skip_prefix(arg, "--disambiguate=", rest)) {
        std::string prefix;
        for (char c : rest) prefix += static_cast<char>(c >= 'A' && c <= 'F' ? c - 'A' + 'a' : c);
        bool hex = prefix.size() >= 4 && std::all_of(prefix.begin(), prefix.end(), is_hex_digit);
        if (hex) {
            auto ids = repo_.odb().find_by_prefix(prefix, std::numeric_limits<std::size_t>::max());
            std::sort(ids.begin(), ids.end());
            ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
            for (const auto& id : ids) show_rev(false, id, nullptr);
        }
    } else if (arg == "--bisect") {
        repo_.refs().for_each_ref("refs/bisect/bad", [&](const Ref& ref) { show_rev(false, ref.oid, &ref.name); });
        repo_.refs().for_each_ref("refs/bisect/good", [&](const Ref& ref) { show_rev(true, ref.oid, &ref.name); });
    } else if (opt_with_value(arg, "--branches", value)) {
        show_refs("refs/heads/", value, true);
    } else if (opt_with_value(arg, "--tags", value)) {
        show_refs("refs/tags/", value, true);
    } else if (opt_with_value(arg, "--remotes", value)) {
        show_refs("refs/remotes/", value, true);
    } else if (skip_prefix(arg, "--glob=", rest)) {
        show_refs("", rest, false);
    } else if (skip_prefix(arg, "--exclude=", rest)) {
        excludes_.emplace_back(rest);
    } else if (skip_prefix(arg, "--since=", rest) || skip_prefix(arg, "--after=", rest)) {
        show_date("--max-age=", rest);
    } else if (skip_prefix(arg, "--until=", rest) || skip_prefix(arg, "--before=", rest)) {
        show_date("--min-age=", rest);
    } else if (arg == "--end-of-options") {
        seen_end_of_options_ = true;
        if (filter_ & (flags | revs)) show_file(arg);
    } else {
        return false;
    }
    return true;
}

// A date option becomes rev-list's "--max-age=<seconds>"/"--min-age=";
// shown only when both flags and revisions are.
void RevParseRevisions::show_date(std::string_view rev_list_option, std::string_view date) {
    if ((filter_ & (flags | revs)) != (flags | revs)) return;
    show(std::string(rev_list_option) + std::to_string(approxidate(date, current_time())));
}

void RevParseRevisions::flag(std::string_view arg) {
    if (show_flag(arg) && verify_) die_no_single_rev();
}

void RevParseRevisions::argument(const std::string& arg) {
    if (try_difference(arg)) return;
    if (try_parent_shorthands(arg)) return;
    bool reversed = !arg.empty() && arg[0] == '^';
    std::string name = reversed ? arg.substr(1) : arg;
    if (auto id = get_oid(name, false, quiet_)) {
        if (verify_) {
            ++revs_count_;
            verified_ = *id;
            verified_name_ = name;
            verified_reversed_ = reversed;
        } else {
            show_rev(reversed, *id, &name);
        }
        return;
    }
    if (verify_) die_no_single_rev();
    if (has_dashdash_) throw BadName("bad revision '" + arg + "'");
    as_is_ = 1;
    if (!show_file(arg)) return;
    verify_filename(arg, true);
}

bool RevParseRevisions::handle(std::size_t& i) {
    const std::string& arg = args_[i];
    if (as_is_) {
        if (show_file(arg) && as_is_ < 2) verify_filename(arg, false);
        return true;
    }
    if (arg == "--") {
        as_is_ = 2;
        // "--" is passed on when anything but files is shown.
        if (filter_ & (flags | revs)) show_file(arg);
        return true;
    }
    if (!seen_end_of_options_ && !arg.empty() && arg[0] == '-') return option(i);
    argument(arg);
    return true;
}

int RevParseRevisions::finish() {
    if (verify_) {
        if (revs_count_ == 1) {
            show_rev(verified_reversed_, verified_, &verified_name_);
            return 0;
        }
        if (revs_count_ == 0 && show_default()) return 0;
        die_no_single_rev();
    }
    show_default();
    return 0;
}

}  // namespace grit
