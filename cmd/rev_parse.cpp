// git rev-parse: arguments are processed in order, printing as they go, the
// way git's builtin/rev-parse.c does. This file handles the options about the
// repository itself (--git-dir, --show-toplevel, ...), flag and file
// pass-through; revision arguments are resolved in handle_argument().
#include <sys/stat.h>

#include <cctype>
#include <cerrno>
#include <optional>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>

#include "common/command.h"
#include "common/options.h"
#include "common/report.h"
#include "repo/repository.h"
#include "util/error.h"
#include "util/path.h"

namespace grit::cmd {
namespace {

constexpr const char* kUsage =
    "usage: git rev-parse --parseopt [<options>] -- [<args>...]\n"
    "   or: git rev-parse --sq-quote [<arg>...]\n"
    "   or: git rev-parse [<options>] [<arg>...]\n"
    "\n"
    "Run \"git rev-parse --parseopt -h\" for more information on the first usage.\n";

// What git's rev-parse lets through to the output (its DO_* filter bits).
enum Filter : unsigned {
    do_revs = 1,      // rev-list flags and revisions
    do_norev = 2,     // everything else
    do_flags = 4,     // arguments starting with '-'
    do_nonflags = 8,  // the rest
};

enum class PathFormat { unchanged, absolute, relative };
// How a path option prints by default (git's DEFAULT_* for print_path).
enum class PathDefault { unmodified, canonical, relative_if_shared };

// Variables git would pass to a subprocess that works on another repository.
constexpr const char* kLocalRepoEnv[] = {
    "GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_CONFIG",      "GIT_CONFIG_PARAMETERS", "GIT_CONFIG_COUNT",
    "GIT_OBJECT_DIRECTORY",             "GIT_DIR",         "GIT_WORK_TREE",         "GIT_IMPLICIT_WORK_TREE",
    "GIT_GRAFT_FILE",                   "GIT_INDEX_FILE",  "GIT_NO_REPLACE_OBJECTS", "GIT_REPLACE_REF_BASE",
    "GIT_PREFIX",                       "GIT_INTERNAL_SUPER_PREFIX", "GIT_SHALLOW_FILE", "GIT_COMMON_DIR",
};

// rev-list options that rev-parse counts as revision arguments.
bool is_rev_argument(std::string_view arg) {
    static constexpr std::string_view rev_args[] = {
        "--all",        "--bisect",     "--dense",         "--branches=",    "--branches",      "--header",
        "--ignore-missing", "--max-age=", "--max-count=",  "--min-age=",     "--no-merges",     "--min-parents=",
        "--no-min-parents", "--max-parents=", "--no-max-parents", "--objects", "--objects-edge", "--parents",
        "--pretty",     "--remotes=",   "--remotes",       "--glob=",        "--sparse",        "--tags=",
        "--tags",       "--topo-order", "--date-order",    "--unpacked",
    };
    if (arg.size() >= 2 && arg[0] == '-' && std::isdigit(static_cast<unsigned char>(arg[1]))) return true;
    for (auto r : rev_args)
        if (arg == r || (r.back() == '=' && arg.starts_with(r))) return true;
    return false;
}

// "--opt" (value nullopt) or "--opt=value"; false for anything else.
bool option_with_value(std::string_view arg, std::string_view opt, std::optional<std::string_view>& value) {
    if (!arg.starts_with(opt)) return false;
    arg.remove_prefix(opt.size());
    if (arg.empty()) {
        value.reset();
        return true;
    }
    if (arg[0] != '=') return false;
    value = arg.substr(1);
    return true;
}

class RevParse {
public:
    RevParse(int argc, char** argv, const StartupOptions& startup) : argc_(argc), argv_(argv), startup_(startup) {}

    int run() {
        if (argc_ > 1 && std::strcmp(argv_[1], "-h") == 0) {
            std::fputs(kUsage, stderr);
            throw ExitCode{129};
        }
        if (argc_ == 1) {
            setup();
            return 0;
        }
        for (int i = 1; i < argc_; ++i) handle(argv_[i]);
        return 0;
    }

private:
    void setup() {
        if (!repo_) repo_ = Repository::discover(startup_);
    }

    void handle(std::string_view arg) {
        if (as_is_) {
            if (show_file(arg) && as_is_ < 2) verify_filename(arg, false);
            return;
        }
        if (!seen_end_of_options && arg == "--local-env-vars") {
            for (const char* name : kLocalRepoEnv) std::printf("%s\n", name);
            return;
        }
        setup();  // everything else needs the repository
        if (arg == "--") {
            as_is_ = 2;
            if (filter_ & (do_flags | do_revs)) show(arg);
            return;
        }
        if (!seen_end_of_options && arg == "--end-of-options") {
            seen_end_of_options = true;
            if (filter_ & (do_flags | do_revs)) show(arg);
            return;
        }
        if (!seen_end_of_options && arg.starts_with("-")) {
            if (!handle_option(arg)) show_flag(arg);
            return;
        }
        handle_argument(arg);
    }

    // Options about the repository and about what is printed. False when
    // `arg` is not one of them (it is then passed through as a flag).
    bool handle_option(std::string_view arg) {
        std::optional<std::string_view> value;
        if (arg == "--revs-only") {
            filter_ &= ~do_norev;
        } else if (arg == "--no-revs") {
            filter_ &= ~do_revs;
        } else if (arg == "--flags") {
            filter_ &= ~do_nonflags;
        } else if (arg == "--no-flags") {
            filter_ &= ~do_flags;
        } else if (option_with_value(arg, "--path-format", value)) {
            if (!value) die("--path-format requires an argument");
            if (*value == "absolute")
                format_ = PathFormat::absolute;
            else if (*value == "relative")
                format_ = PathFormat::relative;
            else
                die("unknown argument to --path-format: " + std::string(*value));
        } else if (arg == "--show-toplevel") {
            if (!repo_->work_tree()) die("this operation must be run in a work tree");
            print_path(*repo_->work_tree(), format_, PathDefault::unmodified);
        } else if (arg == "--show-prefix") {
            std::printf("%s\n", repo_->prefix().c_str());
        } else if (arg == "--show-cdup") {
            show_cdup();
        } else if (arg == "--git-dir") {
            show_git_dir(false);
        } else if (arg == "--absolute-git-dir") {
            show_git_dir(true);
        } else if (arg == "--git-common-dir") {
            print_path(repo_->common_dir_as_spelled(), format_, PathDefault::relative_if_shared);
        } else if (arg == "--is-inside-git-dir") {
            std::puts(repo_->inside_git_dir() ? "true" : "false");
        } else if (arg == "--is-inside-work-tree") {
            std::puts(repo_->inside_work_tree() ? "true" : "false");
        } else if (arg == "--is-bare-repository") {
            std::puts(repo_->is_bare() ? "true" : "false");
        } else if (arg == "--is-shallow-repository") {
            struct stat st;
            std::puts(stat((repo_->common_dir() + "/shallow").c_str(), &st) == 0 ? "true" : "false");
        } else if (option_with_value(arg, "--show-object-format", value)) {
            std::string_view mode = value.value_or("storage");
            if (mode != "storage" && mode != "input" && mode != "output")
                die("unknown mode for --show-object-format: " + std::string(value.value_or("")));
            std::printf("%s\n", std::string(hash_name(repo_->hash_algo())).c_str());
        } else {
            return false;
        }
        return true;
    }

    // A non-option argument. Revisions are resolved here once lib/revision
    // is available; until then every argument is taken as a file name, as
    // git does for an argument that names no revision.
    void handle_argument(std::string_view arg) {
        as_is_ = 1;
        if (!show_file(arg)) return;
        verify_filename(arg, true);
    }

    void show(std::string_view arg) { std::printf("%.*s\n", static_cast<int>(arg.size()), arg.data()); }

    void show_flag(std::string_view arg) {
        if (!(filter_ & do_flags)) return;
        if (filter_ & (is_rev_argument(arg) ? do_revs : do_norev)) show(arg);
    }

    bool show_file(std::string_view arg) {
        if ((filter_ & (do_nonflags | do_norev)) != (do_nonflags | do_norev)) return false;
        show(arg);
        return true;
    }

    // git's verify_filename(): the argument must name an existing path
    // (relative to the prefix) or look like a pathspec. `could_be_revision`:
    // the argument was not yet known to be a file name.
    void verify_filename(std::string_view arg, bool could_be_revision) {
        if (arg.starts_with("-")) die("option '" + std::string(arg) + "' must come before non-option arguments");
        if (arg.find_first_of("*?[\\") != std::string_view::npos || arg.starts_with(":(")) return;
        if (path_exists(arg)) return;
        if (!could_be_revision)
            die(std::string(arg) +
                ": no such path in the working tree.\n"
                "Use 'git <command> -- <path>...' to specify paths that do not exist locally.");
        die("ambiguous argument '" + std::string(arg) +
            "': unknown revision or path not in the working tree.\n"
            "Use '--' to separate paths from revisions, like this:\n"
            "'git <command> [<revision>...] -- [<file>...]'");
    }

    bool path_exists(std::string_view arg) const {
        std::string prefix = repo_->prefix();
        if (arg.starts_with(":/")) {
            arg.remove_prefix(2);
            if (arg.empty()) return true;
            prefix.clear();
        } else if (arg.starts_with(":!") || arg.starts_with(":^")) {
            arg.remove_prefix(2);
            if (arg.empty()) return true;
        }
        std::string path = join_path(repo_->working_directory(), prefix + std::string(arg));
        struct stat st;
        if (lstat(path.c_str(), &st) == 0) return true;
        if (errno != ENOENT && errno != ENOTDIR)
            die("failed to stat '" + std::string(arg) + "': " + std::strerror(errno));
        return false;
    }

    void show_cdup() {
        if (!repo_->inside_work_tree()) {
            if (repo_->work_tree()) std::printf("%s\n", repo_->work_tree()->c_str());
            return;
        }
        std::string up;
        for (char c : repo_->prefix())
            if (c == '/') up += "../";
        std::printf("%s\n", up.c_str());
    }

    void show_git_dir(bool absolute) {
        if (!absolute) {
            print_path(repo_->git_dir(), format_, PathDefault::unmodified);
            return;
        }
        std::printf("%s\n", repo_->absolute_git_dir().c_str());
    }

    std::string resolved(const std::string& path) const {
        std::string abs = normalize_path(join_path(repo_->working_directory(), path));
        return real_path(abs, true).value_or(abs);
    }

    // git's print_path(): how a path option prints under --path-format.
    void print_path(const std::string& path, PathFormat format, PathDefault def) {
        std::string prefix = repo_->prefix();
        if (prefix.empty() && (format != PathFormat::unchanged || def != PathDefault::relative_if_shared))
            prefix = repo_->working_directory();
        std::string out;
        if (format == PathFormat::unchanged && def == PathDefault::unmodified) {
            out = path;
        } else if (format == PathFormat::relative) {
            out = relative_path(is_absolute_path(path) ? path : resolved(path),
                                is_absolute_path(prefix) ? prefix : resolved(prefix));
        } else if (format == PathFormat::unchanged && def == PathDefault::relative_if_shared) {
            out = relative_path(path, prefix);
        } else {
            out = resolved(path);
        }
        std::printf("%s\n", out.c_str());
    }

    int argc_;
    char** argv_;
    const StartupOptions& startup_;
    std::unique_ptr<Repository> repo_;
    unsigned filter_ = do_revs | do_norev | do_flags | do_nonflags;
    PathFormat format_ = PathFormat::unchanged;
    int as_is_ = 0;  // 1 after a file name, 2 after "--": the rest are file names
    bool seen_end_of_options = false;
};

int rev_parse(int argc, char** argv, const StartupOptions& startup) {
    return run_reporting_errors([&] { return RevParse(argc, argv, startup).run(); });
}

}  // namespace

GRIT_COMMAND("rev-parse", rev_parse);

}  // namespace grit::cmd
