#pragma once
// A discovered repository: where its directories are, its configuration, and
// lazily opened object database and refs.
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "hash/object_id.h"
#include "repo/config.h"
#include "repo/startup_options.h"

namespace grit {

class ObjectDatabase;
class RefStore;

class Repository {
public:
    // Finds the repository as git does: --git-dir/GIT_DIR, else walking up from
    // the current directory to a ".git" directory or file, or a bare repository;
    // honours GIT_WORK_TREE/--work-tree, core.bare, core.worktree, commondir,
    // safe.directory, core.repositoryformatversion and extensions.*.
    // Throws NotFound("not a git repository (or any of the parent directories): .git")
    // and Error with git's messages for the other refusals.
    static std::unique_ptr<Repository> discover(const StartupOptions& opts);
    // Like discover(), but returns nullptr instead of throwing NotFound
    // (use config_without_repository() then).
    static std::unique_ptr<Repository> try_discover(const StartupOptions& opts);
    // Configuration when there is no repository (system, global, command line).
    static Config config_without_repository(const StartupOptions& opts);
    ~Repository();

    // As `git rev-parse --git-dir` prints it (".git" at the top of the work tree,
    // absolute otherwise, or as given by GIT_DIR).
    const std::string& git_dir() const;
    std::string absolute_git_dir() const;
    std::string common_dir() const;  // absolute
    // The common dir as git spells it (relative to working_directory(), or
    // absolute), which `rev-parse --git-common-dir` prints relative to the prefix.
    const std::string& common_dir_as_spelled() const;
    // Where git works from after its setup: the top of the work tree when the
    // current directory is inside it, else the current directory. Relative
    // spellings above are relative to it; the process's directory is unchanged.
    const std::string& working_directory() const;
    // Absolute path of the work tree; nullopt for a bare repository.
    const std::optional<std::string>& work_tree() const;
    // Current directory relative to the work tree, with a trailing '/', or "".
    const std::string& prefix() const;
    // git's git_path(): `path` inside the git dir, spelled as git does
    // (relative to working_directory() or absolute) and redirected as git
    // does: objects/ to $GIT_OBJECT_DIRECTORY, index to $GIT_INDEX_FILE,
    // info/grafts to $GIT_GRAFT_FILE, hooks/ to core.hooksPath, and the
    // shared files of a linked worktree to the common dir.
    std::string git_path(std::string_view path) const;
    bool is_bare() const;
    bool inside_git_dir() const;
    bool inside_work_tree() const;
    HashAlgo hash_algo() const;
    const Config& config() const;

    ObjectDatabase& odb();
    RefStore& refs();

private:
    Repository();
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace grit
