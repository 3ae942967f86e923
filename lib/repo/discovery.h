#pragma once
// Finding the repository as git 2.39's setup_git_directory() does, without
// changing the process's directory: the result records the directory git
// would have moved to (`working_dir`), and paths in git's own spelling are
// relative to it.
#include <optional>
#include <string>

#include "repo/config.h"
#include "repo/repo_format.h"
#include "repo/startup_options.h"

namespace grit {

struct RepositoryLayout {
    std::string working_dir;         // absolute: where git runs after setup
    std::string git_dir;             // as `rev-parse --git-dir` prints it
    std::string spelled_git_dir;     // git's own spelling, relative to working_dir (".git", ".", ...)
    std::string abs_git_dir;         // absolute spelling of git_dir
    std::string common_dir;          // git's spelling (relative to working_dir, or absolute)
    std::string abs_common_dir;
    std::optional<std::string> work_tree;  // absolute, symlinks resolved
    std::string prefix;              // "" or "dir/sub/"
    bool inside_git_dir = false;
    bool inside_work_tree = false;
    RepositoryFormat format;
};

// Throws NotFound for "not a git repository ..." and Error/ConfigError with
// git's messages for every other refusal. `system_and_global` plus the
// command line (read only when needed) answer safe.directory and
// safe.bareRepository.
RepositoryLayout discover_repository(const StartupOptions& opts, const Config& system_and_global);

// git's is_git_directory(): HEAD valid, objects/ and refs/ accessible (in
// the common dir of a linked worktree).
bool is_git_directory(const std::string& path);
// The resolved git dir a ".git" file names; nullopt when `path` is not a
// regular file. Throws Error with git's message for a malformed file.
std::optional<std::string> read_gitfile(const std::string& path);

}  // namespace grit
