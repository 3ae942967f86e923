#pragma once
// What a repository's own config file says about its format: the version,
// extensions.*, and the core.bare / core.worktree that discovery honours.
#include <optional>
#include <string>
#include <vector>

#include "hash/object_id.h"

namespace grit {

struct RepositoryFormat {
    int version = -1;  // -1: no core.repositoryformatversion (nothing else is honoured)
    HashAlgo hash_algo = HashAlgo::sha1;
    bool precious_objects = false;
    bool worktree_config = false;
    std::optional<std::string> partial_clone;
    std::optional<bool> is_bare;           // core.bare
    std::optional<std::string> work_tree;  // core.worktree
    std::vector<std::string> unknown_extensions;
    std::vector<std::string> v1_only_extensions;
};

// Reads <config_path> (no includes) as git's check_repo_format does; messages
// name the file `display_name`. Throws ConfigError with git's messages for
// malformed lines and bad values. A missing file leaves version at -1.
RepositoryFormat read_repository_format(const std::string& config_path, const std::string& display_name);

// core.bare and core.worktree from <git_dir>/config.worktree.
void read_worktree_format(RepositoryFormat& format, const std::string& path, const std::string& display_name);

// Throws Error when git 2.39 refuses the format ("Expected git repo version
// <= 1, found 2", unknown or v1-only extensions).
void verify_repository_format(const RepositoryFormat& format);

}  // namespace grit
