#include "repo/repository.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>

#include "refs/ref_store.h"
#include "repo/default_config.h"
#include "repo/repository_impl.h"
#include "util/error.h"
#include "util/path.h"

namespace grit {


namespace {

// The files git reads before discovery (its trace2 setup parses them first,
// so their syntax errors win over "not a git repository").
Config read_system_and_global(bool with_includes) {
    Config config;
    for (const auto& f : system_and_global_config_files()) {
        if (with_includes)
            config.add_file(f.path, f.scope, "", "");
        else
            config.add_file_without_includes(f.path, f.scope);
    }
    return config;
}

// The branch HEAD names in `git_dir`, for includeIf "onbranch:".
std::string current_branch(const std::string& git_dir) {
    int fd = open((git_dir + "/HEAD").c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return "";
    char buf[512];
    ssize_t n = read(fd, buf, sizeof buf);
    close(fd);
    if (n <= 0) return "";
    std::string_view head(buf, static_cast<std::size_t>(n));
    constexpr std::string_view prefix = "ref: refs/heads/";
    if (!head.starts_with(prefix)) return "";
    head.remove_prefix(prefix.size());
    while (!head.empty() && (head.back() == '\n' || head.back() == '\r' || head.back() == ' ')) head.remove_suffix(1);
    return std::string(head);
}

}  // namespace

Repository::Repository() : impl_(std::make_unique<Impl>()) {}
Repository::~Repository() = default;

std::unique_ptr<Repository> Repository::discover(const StartupOptions& opts) {
    Config early = read_system_and_global(false);
    auto repo = std::unique_ptr<Repository>(new Repository());
    Impl& r = *repo->impl_;
    r.layout = discover_repository(opts, early);
    const RepositoryLayout& l = r.layout;

    std::string branch = current_branch(l.abs_git_dir);
    for (const auto& f : system_and_global_config_files()) r.config.add_file(f.path, f.scope, l.abs_git_dir, branch);
    r.config.add_file(l.abs_common_dir + "/config", ConfigScope::local, l.abs_git_dir, branch,
                      l.common_dir + "/config");
    if (l.format.worktree_config)
        r.config.add_file(l.abs_git_dir + "/config.worktree", ConfigScope::worktree, l.abs_git_dir, branch,
                          l.spelled_git_dir + "/config.worktree");
    r.config.add_command_line();
    check_default_config(r.config, l.format.hash_algo);
    return repo;
}

std::unique_ptr<Repository> Repository::try_discover(const StartupOptions& opts) {
    try {
        return discover(opts);
    } catch (const NotFound&) {
        return nullptr;
    }
}

Config Repository::config_without_repository(const StartupOptions& opts) {
    Config config = read_system_and_global(true);
    config.add_command_line();
    return config;
}

const std::string& Repository::git_dir() const { return impl_->layout.git_dir; }

std::string Repository::absolute_git_dir() const {
    const auto& abs = impl_->layout.abs_git_dir;
    return real_path(abs, true).value_or(abs);
}

std::string Repository::common_dir() const { return impl_->layout.abs_common_dir; }
const std::string& Repository::common_dir_as_spelled() const { return impl_->layout.common_dir; }
const std::string& Repository::working_directory() const { return impl_->layout.working_dir; }
const std::optional<std::string>& Repository::work_tree() const { return impl_->layout.work_tree; }
const std::string& Repository::prefix() const { return impl_->layout.prefix; }

bool Repository::is_bare() const {
    // git: core.bare unset counts as bare; a work tree always wins.
    return impl_->config.get_bool("core.bare").value_or(true) && !impl_->layout.work_tree;
}

bool Repository::inside_git_dir() const { return impl_->layout.inside_git_dir; }
bool Repository::inside_work_tree() const { return impl_->layout.inside_work_tree; }
HashAlgo Repository::hash_algo() const { return impl_->layout.format.hash_algo; }
const Config& Repository::config() const { return impl_->config; }

RefStore& Repository::refs() {
    if (!impl_->refs) {
        const auto& l = impl_->layout;
        impl_->refs = std::make_unique<RefStore>(l.abs_git_dir, l.abs_common_dir, hash_algo(), l.common_dir);
    }
    return *impl_->refs;
}

}  // namespace grit
