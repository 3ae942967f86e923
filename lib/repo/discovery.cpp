#include "repo/discovery.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <vector>

#include "util/error.h"
#include "util/path.h"

namespace grit {
namespace {

std::optional<std::string> env(const char* name) {
    const char* v = std::getenv(name);
    if (!v) return std::nullopt;
    return std::string(v);
}

bool env_bool(const char* name, bool fallback) {
    auto v = env(name);
    if (!v) return fallback;
    return Config::parse_bool(*v).value_or(fallback);
}

std::string absolute(const std::string& base, const std::string& path) {
    return normalize_path(join_path(base, path));
}

std::string resolved(const std::string& base, const std::string& path) {
    std::string abs = absolute(base, path);
    return real_path(abs, true).value_or(abs);
}

bool accessible_dir(const std::string& path) { return access(path.c_str(), X_OK) == 0; }

// A HEAD that is a symlink into refs/, "ref: refs/...", or an object id.
bool valid_head(const std::string& path) {
    struct stat st;
    if (lstat(path.c_str(), &st) != 0) return false;
    if (S_ISLNK(st.st_mode)) {
        char target[256];
        ssize_t n = readlink(path.c_str(), target, sizeof target);
        return n >= 5 && std::string_view(target, static_cast<std::size_t>(n)).starts_with("refs/");
    }
    int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return false;
    char buf[256];
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n < 0) return false;
    std::string_view head(buf, static_cast<std::size_t>(n));
    if (head.starts_with("ref:")) {
        head.remove_prefix(4);
        while (!head.empty() && (head[0] == ' ' || head[0] == '\t' || head[0] == '\n' || head[0] == '\r'))
            head.remove_prefix(1);
        return head.starts_with("refs/");
    }
    if (head.size() < 40) return false;
    for (std::size_t i = 0; i < 40; ++i)
        if (!is_hex_digit(head[i])) return false;
    return true;
}

// The common directory in git's spelling for a git dir spelled `git_dir`
// (relative to `base`), and whether it differs from the git dir itself.
std::pair<std::string, bool> find_common_dir(const std::string& base, const std::string& git_dir) {
    if (auto e = env("GIT_COMMON_DIR")) return {*e, true};
    std::string file = absolute(base, git_dir) + "/commondir";
    int fd = open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return {git_dir, false};
    std::string data;
    char buf[4096];
    ssize_t n;
    while ((n = read(fd, buf, sizeof buf)) > 0) data.append(buf, static_cast<std::size_t>(n));
    close(fd);
    while (!data.empty() && (data.back() == '\n' || data.back() == '\r')) data.pop_back();
    std::string path = is_absolute_path(data) ? data : git_dir + "/" + data;
    return {resolved(base, path), true};
}

bool git_directory_at(const std::string& path) {
    if (!valid_head(path + "/HEAD")) return false;
    std::string common = find_common_dir("/", path).first;
    if (auto objects = env("GIT_OBJECT_DIRECTORY")) {
        if (!accessible_dir(*objects)) return false;
    } else if (!accessible_dir(common + "/objects")) {
        return false;
    }
    return accessible_dir(common + "/refs");
}

// A ".git" file: the absolute, resolved git dir it names; nullopt when the
// path is not a regular file. Throws git's errors for a broken file.
std::optional<std::string> gitfile_target(const std::string& path) {
    struct stat st;
    if (stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
    if (st.st_size > (1 << 20)) throw Error("too large to be a .git file: '" + path + "'");
    int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw Error("error opening '" + path + "': " + std::strerror(errno));
    std::string data(static_cast<std::size_t>(st.st_size), '\0');
    ssize_t n = read(fd, data.data(), data.size());
    close(fd);
    if (n != static_cast<ssize_t>(data.size())) throw Error("error reading " + path);
    if (!data.starts_with("gitdir: ")) throw Error("invalid gitfile format: " + path);
    while (!data.empty() && std::strchr(" \t\n\r", data.back())) data.pop_back();
    if (data.size() < 9) throw Error("no path in gitfile: " + path);
    std::string dir = data.substr(8);
    if (!is_absolute_path(dir)) dir = std::string(directory_part(path)) + dir;
    if (!git_directory_at(dir)) throw Error("not a git repository: " + dir);
    return real_path(dir, true).value_or(dir);
}

bool owned_by_current_user(const std::string& path) {
    struct stat st;
    if (lstat(path.c_str(), &st) != 0) return false;
    uid_t euid = geteuid();
    if (euid == 0) {
        // Under sudo, git trusts repositories of the user who ran sudo.
        if (auto sudo = env("SUDO_UID"); sudo && !sudo->empty()) {
            char* end = nullptr;
            unsigned long id = std::strtoul(sudo->c_str(), &end, 10);
            if (!*end) euid = static_cast<uid_t>(id);
        }
    }
    return st.st_uid == euid;
}

// sh-quoting only when the path has characters a shell would mind.
std::string quote_pretty(const std::string& s) {
    if (s.empty()) return "''";
    bool plain = true;
    for (char c : s)
        if (!std::isalnum(static_cast<unsigned char>(c)) && !std::strchr("+,-./:=@_^", c)) plain = false;
    if (plain) return s;
    std::string out = "'";
    for (char c : s) {
        if (c == '\'' || c == '!') {
            out += "'\\";
            out += c;
            out += "'";
        } else {
            out += c;
        }
    }
    return out + "'";
}

void ensure_valid_ownership(const std::optional<std::string>& gitfile, const std::optional<std::string>& work_tree,
                            const std::string& git_dir, const std::string& dir,
                            const std::function<const Config&()>& protected_config) {
    if (!env_bool("GIT_TEST_ASSUME_DIFFERENT_OWNER", false) && (!gitfile || owned_by_current_user(*gitfile)) &&
        (!work_tree || owned_by_current_user(*work_tree)) && owned_by_current_user(git_dir))
        return;
    bool safe = false;
    for (const auto& e : protected_config().entries()) {
        if (e.key != "safe.directory" || e.scope == ConfigScope::local || e.scope == ConfigScope::worktree) continue;
        if (!e.value || e.value->empty()) {
            safe = false;
        } else if (*e.value == "*") {
            safe = true;
        } else if (auto expanded = expand_user_path(*e.value); expanded && *expanded == dir) {
            safe = true;
        }
    }
    if (safe) return;
    throw Error("detected dubious ownership in repository at '" + dir +
                "'\nTo add an exception for this directory, call:\n\n\tgit config --global --add safe.directory " +
                quote_pretty(dir));
}

// The longest GIT_CEILING_DIRECTORIES entry strictly above `dir`, as the
// length of its spelling (0 for "/"); -1 when none applies.
int ceiling_offset(const std::string& dir) {
    auto list = env("GIT_CEILING_DIRECTORIES");
    if (!list) return -1;
    int best = -1;
    bool empty_seen = false;
    std::size_t pos = 0;
    while (pos <= list->size()) {
        auto colon = list->find(':', pos);
        if (colon == std::string::npos) colon = list->size();
        std::string entry = list->substr(pos, colon - pos);
        pos = colon + 1;
        if (entry.empty()) {
            empty_seen = true;
            continue;
        }
        if (!is_absolute_path(entry)) continue;
        if (!empty_seen) {
            auto real = real_path(entry);
            if (!real) continue;
            entry = *real;
        }
        entry = normalize_path(entry);
        int len = entry == "/" ? 0 : static_cast<int>(entry.size());
        bool above = entry == "/" ? dir.size() > 1
                                  : dir.size() > entry.size() && dir.compare(0, entry.size(), entry) == 0 &&
                                        dir[entry.size()] == '/';
        if (above && len > best) best = len;
    }
    return best;
}

class Discovery {
public:
    Discovery(const StartupOptions& opts, const Config& protected_config)
        : opts_(opts), early_config_(protected_config), cwd_(current_directory()) {
        git_dir_env_ = opts.git_dir ? opts.git_dir : env("GIT_DIR");
        work_tree_env_ = opts.work_tree ? opts.work_tree : env("GIT_WORK_TREE");
        implicit_work_tree_ = env_bool("GIT_IMPLICIT_WORK_TREE", true);
        if (opts.bare) {
            bare_cfg_ = true;
            if (!git_dir_env_) git_dir_env_ = cwd_;
            implicit_work_tree_ = false;
        }
    }

    RepositoryLayout run() {
        if (git_dir_env_) return explicit_git_dir(*git_dir_env_);
        return walk_up();
    }

private:
    RepositoryLayout walk_up() {
        std::string dir = cwd_;
        int ceiling = ceiling_offset(dir);
        bool one_filesystem = !env_bool("GIT_DISCOVERY_ACROSS_FILESYSTEM", false);
        dev_t device = device_of(dir);
        for (;;) {
            std::string dot_git = dir == "/" ? "/.git" : dir + "/.git";
            std::optional<std::string> target = gitfile_target(dot_git);
            if (target || git_directory_at(dot_git)) {
                ensure_valid_ownership(target ? std::optional(dot_git) : std::nullopt, dir,
                                       target ? *target : dot_git, dir,
                                       [this]() -> const Config& { return protected_config(); });
                return discovered(target ? *target : ".git", dir);
            }
            if (git_directory_at(dir)) {
                auto allowed = protected_config().get("safe.bareRepository");
                if (allowed && *allowed == "explicit")
                    throw Error("cannot use bare repository '" + dir + "' (safe.bareRepository is 'explicit')");
                ensure_valid_ownership(std::nullopt, std::nullopt, dir, dir,
                                       [this]() -> const Config& { return protected_config(); });
                return bare(dir);
            }
            auto slash = dir.rfind('/');
            if (dir == "/" || static_cast<int>(slash) <= ceiling)
                throw NotFound("not a git repository (or any of the parent directories): .git");
            dir = slash == 0 ? "/" : dir.substr(0, slash);
            if (one_filesystem && device_of(dir) != device)
                throw NotFound("not a git repository (or any parent up to mount point " + dir +
                               ")\nStopping at filesystem boundary (GIT_DISCOVERY_ACROSS_FILESYSTEM not set).");
        }
    }

    // System and global configuration plus the command line: what git trusts
    // for safe.* settings. Read only when needed, as git does.
    const Config& protected_config() {
        if (!protected_with_command_line_) {
            protected_with_command_line_ = early_config_;
            protected_with_command_line_->add_command_line();
        }
        return *protected_with_command_line_;
    }

    static dev_t device_of(const std::string& dir) {
        struct stat st;
        if (stat(dir.c_str(), &st) != 0) throw_errno("failed to stat '" + dir + "'");
        return st.st_dev;
    }

    // check_repository_format: reads the common config of `git_dir` (spelled
    // relative to `base`) and takes core.bare/core.worktree from it.
    RepositoryFormat check_format(const std::string& base, const std::string& git_dir) {
        auto [common, has_common] = find_common_dir(base, git_dir);
        RepositoryFormat f = read_repository_format(absolute(base, common) + "/config", common + "/config");
        if (f.version < 0) return f;
        verify_repository_format(f);
        if (f.worktree_config) {
            read_worktree_format(f, absolute(base, git_dir) + "/config.worktree", git_dir + "/config.worktree");
            has_common = false;
        }
        if (!has_common) {
            if (f.is_bare) bare_cfg_ = f.is_bare;
            if (f.work_tree) work_tree_cfg_ = f.work_tree;
        }
        return f;
    }

    RepositoryLayout explicit_git_dir(std::string git_dir) {
        if (auto target = gitfile_target(absolute(cwd_, git_dir))) git_dir = *target;
        if (!git_directory_at(absolute(cwd_, git_dir))) throw NotFound("not a git repository: '" + git_dir + "'");
        RepositoryLayout l;
        l.format = check_format(cwd_, git_dir);
        l.working_dir = cwd_;
        std::optional<std::string> work_tree;
        if (work_tree_env_) {
            work_tree = resolved(cwd_, *work_tree_env_);
        } else if (bare_cfg_ == true) {
            if (work_tree_cfg_ && opts_.warn) opts_.warn("core.bare and core.worktree do not make sense");
            return finish(std::move(l), git_dir, git_dir);
        } else if (work_tree_cfg_) {
            std::string from = absolute(absolute(cwd_, git_dir), *work_tree_cfg_);
            auto real = real_path(from);
            if (!real) {
                if (!accessible_dir(absolute(cwd_, git_dir)))
                    throw IoError("cannot chdir to '" + git_dir + "': " + std::strerror(errno));
                throw IoError("cannot chdir to '" + *work_tree_cfg_ + "': " + std::strerror(ENOENT));
            }
            work_tree = *real;
        } else if (!implicit_work_tree_) {
            return finish(std::move(l), git_dir, git_dir);
        } else {
            work_tree = cwd_;
        }
        l.work_tree = work_tree;
        if (*work_tree == cwd_) return finish(std::move(l), git_dir, git_dir);
        if (is_path_inside(cwd_, *work_tree)) {
            l.working_dir = *work_tree;
            l.prefix = cwd_.substr(*work_tree == "/" ? 1 : work_tree->size() + 1) + "/";
            return finish(std::move(l), resolved(cwd_, git_dir), resolved(cwd_, git_dir));
        }
        return finish(std::move(l), git_dir, git_dir);
    }

    RepositoryLayout discovered(const std::string& git_dir, const std::string& dir) {
        RepositoryLayout l;
        l.format = check_format(dir, git_dir);
        if (work_tree_env_ || work_tree_cfg_) {
            std::string explicit_dir = dir != cwd_ && !is_absolute_path(git_dir) ? resolved(dir, git_dir) : git_dir;
            return explicit_git_dir(explicit_dir);
        }
        if (bare_cfg_ == true) {
            l.working_dir = cwd_;
            std::string spelled = dir != cwd_ ? resolved(dir, git_dir) : git_dir;
            return finish(std::move(l), spelled, spelled);
        }
        l.working_dir = dir;
        l.work_tree = dir;
        if (dir != cwd_) l.prefix = cwd_.substr(dir == "/" ? 1 : dir.size() + 1) + "/";
        inside_git_dir_ = false;
        inside_work_tree_ = true;
        return finish(std::move(l), git_dir, git_dir == ".git" ? std::nullopt : std::optional(git_dir));
    }

    RepositoryLayout bare(const std::string& dir) {
        RepositoryLayout l;
        l.format = check_format(dir, ".");
        implicit_work_tree_ = false;
        if (work_tree_env_ || work_tree_cfg_) return explicit_git_dir(dir == cwd_ ? "." : dir);
        inside_git_dir_ = true;
        inside_work_tree_ = false;
        l.working_dir = cwd_;
        std::string spelled = dir == cwd_ ? "." : dir;
        return finish(std::move(l), spelled, spelled);
    }

    // Fills the derived fields. `git_dir` is git's spelling relative to
    // l.working_dir; `env_git_dir` what $GIT_DIR holds after git's setup.
    RepositoryLayout finish(RepositoryLayout l, const std::string& git_dir,
                            const std::optional<std::string>& env_git_dir) {
        l.spelled_git_dir = git_dir;
        l.abs_git_dir = absolute(l.working_dir, git_dir);
        auto common = find_common_dir(l.working_dir, git_dir).first;
        l.common_dir = common;
        l.abs_common_dir = absolute(l.working_dir, common);
        if (env_git_dir)
            l.git_dir = *env_git_dir;
        else
            l.git_dir = l.prefix.empty() ? ".git" : join_path(l.working_dir, ".git");
        // git compares the directory with the git dir as spelled, so a
        // relative spelling never counts as inside.
        l.inside_git_dir =
            inside_git_dir_.value_or(is_absolute_path(git_dir) && is_path_inside(l.working_dir, git_dir));
        if (inside_work_tree_)
            l.inside_work_tree = *inside_work_tree_;
        else
            l.inside_work_tree = l.work_tree && is_path_inside(l.working_dir, *l.work_tree);
        return l;
    }

    const StartupOptions& opts_;
    const Config& early_config_;
    std::optional<Config> protected_with_command_line_;
    std::string cwd_;
    std::optional<std::string> git_dir_env_;
    std::optional<std::string> work_tree_env_;
    std::optional<bool> bare_cfg_;
    std::optional<std::string> work_tree_cfg_;
    bool implicit_work_tree_ = true;
    std::optional<bool> inside_git_dir_;
    std::optional<bool> inside_work_tree_;
};

}  // namespace

bool is_git_directory(const std::string& path) { return git_directory_at(path); }

std::optional<std::string> read_gitfile(const std::string& path) { return gitfile_target(path); }

RepositoryLayout discover_repository(const StartupOptions& opts, const Config& protected_config) {
    return Discovery(opts, protected_config).run();
}

}  // namespace grit
