// Where git keeps a file of the repository: git_path() with its redirections.
#include <array>
#include <cstdlib>

#include "repo/repository_impl.h"

namespace grit {
namespace {

struct SharedPath {
    std::string_view path;
    bool is_dir;
    bool in_common_dir;
};

// What a linked worktree shares with the main one; the longest matching
// entry decides (git's common_list).
constexpr std::array<SharedPath, 24> kSharedPaths = {{
    {"branches", true, true},          {"common", true, true},
    {"hooks", true, true},             {"info", true, true},
    {"info/sparse-checkout", false, false}, {"logs", true, true},
    {"logs/HEAD", false, false},       {"logs/refs/bisect", true, false},
    {"logs/refs/rewritten", true, false}, {"logs/refs/worktree", true, false},
    {"lost-found", true, true},        {"objects", true, true},
    {"refs", true, true},              {"refs/bisect", true, false},
    {"refs/rewritten", true, false},   {"refs/worktree", true, false},
    {"remotes", true, true},           {"worktrees", true, true},
    {"rr-cache", true, true},          {"svn", true, true},
    {"config", false, true},           {"gc.pid", false, true},
    {"packed-refs", false, true},      {"shallow", false, true},
}};

bool in_common_dir(std::string_view path) {
    const SharedPath* best = nullptr;
    for (const auto& entry : kSharedPaths) {
        bool matches = path == entry.path ||
                       (entry.is_dir && path.starts_with(entry.path) && path[entry.path.size()] == '/');
        if (matches && (!best || entry.path.size() > best->path.size())) best = &entry;
    }
    return best && best->in_common_dir;
}

// "objects" or "objects/..." -> the part after the directory name.
std::optional<std::string_view> below(std::string_view path, std::string_view dir) {
    if (!path.starts_with(dir)) return std::nullopt;
    std::string_view rest = path.substr(dir.size());
    if (!rest.empty() && rest[0] != '/') return std::nullopt;
    return rest;
}

std::string env_or(const char* name, std::string fallback) {
    const char* v = std::getenv(name);
    return v ? std::string(v) : fallback;
}

}  // namespace

std::string Repository::git_path(std::string_view path) const {
    const auto& l = impl_->layout;
    std::string out;
    if (path == "info/grafts") {
        out = env_or("GIT_GRAFT_FILE", l.common_dir + "/info/grafts");
    } else if (path == "index") {
        out = env_or("GIT_INDEX_FILE", l.spelled_git_dir + "/index");
    } else if (auto rest = below(path, "objects")) {
        out = env_or("GIT_OBJECT_DIRECTORY", l.common_dir + "/objects") + std::string(*rest);
    } else if (auto hooks = impl_->config.get_path("core.hooksPath"); hooks && below(path, "hooks")) {
        out = *hooks + std::string(*below(path, "hooks"));
    } else if (l.common_dir != l.spelled_git_dir && in_common_dir(path)) {
        out = l.common_dir + "/" + std::string(path);
    } else {
        out = l.spelled_git_dir;
        if (!out.empty() && out.back() != '/') out += '/';
        out += path;
    }
    if (out.starts_with("./")) out.erase(0, out.find_first_not_of('/', 2));
    return out;
}

}  // namespace grit
