#pragma once
// What git's global options and environment say about where the repository is
// and which extra configuration applies. Filled by cmd/main.cpp, read by the
// repository and config code; the environment itself is read in repo/.
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace grit {

struct StartupOptions {
    std::optional<std::string> git_dir;    // --git-dir (GIT_DIR is read by discovery)
    std::optional<std::string> work_tree;  // --work-tree (GIT_WORK_TREE likewise)
    bool bare = false;                     // --bare
    bool no_replace_objects = false;       // --no-replace-objects
    std::vector<std::string> config_params;  // each -c key[=value], in order
    // Where the library's warnings go ("core.bare and core.worktree do not
    // make sense"): main.cpp prints them as git's "warning: ..." lines.
    std::function<void(const std::string&)> warn;
};

}  // namespace grit
