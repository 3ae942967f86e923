// git rev-parse: arguments are processed in order, printing as they go, the
// way git's builtin/rev-parse.c does. Each argument is offered first to the
// revision half (lib/revision/rev_parse.h: revisions, files, output options);
// what it declines is an option about the repository itself (--git-dir,
// --show-toplevel, ...) handled here, or else an unknown flag passed through.
#include <sys/stat.h>

#include <optional>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/command.h"
#include "common/parse_options.h"
#include "common/report.h"
#include "repo/discovery.h"
#include "repo/repository.h"
#include "revision/rev_parse.h"
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
    RevParse(int argc, char** argv, const StartupOptions& startup)
        : argc_(argc), argv_(argv), args_(argv + 1, argv + argc), startup_(startup) {}

    int run() {
        if (argc_ > 1 && std::strcmp(argv_[1], "-h") == 0) {
            // git's usage(): rev-parse reads its arguments in order itself.
            usage_with_options(kUsage);
        }
        if (argc_ == 1) {
            setup();
            return 0;
        }
        for (std::size_t i = 0; i < args_.size(); ++i) {
            // The options git answers before looking for a repository.
            if (!revisions_ && handle_option_without_repository(i)) continue;
            setup();
            if (revisions_->handle(i)) continue;
            if (!handle_option_without_repository(i) && !handle_option(i)) revisions_->flag(args_[i]);
        }
        return revisions_ ? revisions_->finish() : 0;
    }

private:
    void setup() {
        if (repo_) return;
        repo_ = Repository::discover(startup_);
        auto out = [](std::string_view text) { std::fwrite(text.data(), 1, text.size(), stdout); };
        auto err = [](std::string_view line) {
            std::fflush(stdout);
            std::fprintf(stderr, "%.*s\n", static_cast<int>(line.size()), line.data());
        };
        revisions_ = std::make_unique<RevParseRevisions>(*repo_, args_, out, err);
    }

    void show_local_env_vars() {
        for (const char* name : kLocalRepoEnv) std::printf("%s\n", name);
    }

    // The value after option args_[i], consumed.
    const std::string& option_value(std::size_t& i) {
        if (i + 1 >= args_.size()) die(args_[i] + " requires an argument");
        return args_[++i];
    }

    bool handle_option_without_repository(std::size_t& i) {
        const std::string& arg = args_[i];
        if (arg == "--local-env-vars") {
            show_local_env_vars();
        } else if (arg == "--resolve-git-dir") {
            const std::string& path = option_value(i);
            // After setup git has moved to the work tree; relative paths follow it.
            std::string io_path = repo_ ? join_path(repo_->working_directory(), path) : path;
            if (is_git_directory(io_path)) {
                std::printf("%s\n", path.c_str());
            } else if (auto target = read_gitfile(io_path)) {
                std::printf("%s\n", target->c_str());
            } else {
                die("not a gitdir '" + path + "'");
            }
        } else {
            return false;
        }
        return true;
    }

    // Options about the repository. False when args_[i] is not one of them
    // (it is then passed through as a flag).
    bool handle_option(std::size_t& i) {
        std::string_view arg = args_[i];
        std::optional<std::string_view> value;
        if (arg == "--git-path") {
            print_path(repo_->git_path(option_value(i)), format_, PathDefault::relative_if_shared);
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
    std::vector<std::string> args_;
    const StartupOptions& startup_;
    std::unique_ptr<Repository> repo_;
    std::unique_ptr<RevParseRevisions> revisions_;
    PathFormat format_ = PathFormat::unchanged;
};

int rev_parse(int argc, char** argv, const StartupOptions& startup) {
    return run_reporting_errors([&] {
        try {
            return RevParse(argc, argv, startup).run();
        } catch (const RevParseExit& e) {
            return e.code;  // a quiet --verify failure
        }
    });
}

}  // namespace

GRIT_COMMAND("rev-parse", rev_parse);

}  // namespace grit::cmd
