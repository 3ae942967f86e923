// Reading configuration files: the parser plus git's include rules.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "repo/config.h"
#include "repo/config_parser.h"
#include "util/error.h"
#include "util/path.h"
#include "util/wildmatch.h"

namespace grit {
namespace {

constexpr int kMaxIncludeDepth = 10;

// "dir/" patterns mean everything below dir.
void add_trailing_starstar(std::string& pattern) {
    if (!pattern.empty() && pattern.back() == '/') pattern += "**";
}

bool gitdir_matches(std::string_view condition, bool icase, const std::string& including_path,
                    const std::string& git_dir) {
    if (git_dir.empty()) return false;
    auto expanded = expand_user_path(condition);
    if (!expanded) throw ConfigError("failed to expand user dir in: '" + std::string(condition) + "'");
    std::string pattern = *expanded;
    if (pattern.size() >= 2 && pattern[0] == '.' && pattern[1] == '/') {
        auto dir = real_path(directory_part(including_path).empty() ? "." : std::string(directory_part(including_path)),
                             true);
        pattern = dir.value_or(".") + pattern.substr(1);
    } else if (!is_absolute_path(pattern)) {
        pattern.insert(0, "**/");
    }
    add_trailing_starstar(pattern);
    unsigned flags = wm_pathname | (icase ? wm_casefold : 0u);
    if (auto real = real_path(git_dir, true); real && wildmatch(pattern, *real, flags)) return true;
    std::string absolute = is_absolute_path(git_dir) ? git_dir : join_path(current_directory(), git_dir);
    return wildmatch(pattern, absolute, flags);
}

bool include_condition_holds(std::string_view condition, const std::string& including_path,
                             const std::string& git_dir, const std::string& branch) {
    if (condition.starts_with("gitdir:"))
        return gitdir_matches(condition.substr(7), false, including_path, git_dir);
    if (condition.starts_with("gitdir/i:"))
        return gitdir_matches(condition.substr(9), true, including_path, git_dir);
    if (condition.starts_with("onbranch:")) {
        if (branch.empty() || git_dir.empty()) return false;
        std::string pattern(condition.substr(9));
        add_trailing_starstar(pattern);
        return wildmatch(pattern, branch, wm_pathname);
    }
    return false;
}

}  // namespace

void Config::add_file(const std::string& path, ConfigScope scope, const std::string& git_dir,
                      const std::string& current_branch, const std::string& display_name) {
    add_file_at_depth(path, display_name.empty() ? path : display_name, scope, git_dir, current_branch, 0);
}

void Config::add_text(std::string_view text, const std::string& origin, ConfigScope scope) {
    parse_config(text, origin, [&](ParsedConfigEntry&& e) {
        entries_.push_back(ConfigEntry{std::move(e.key), std::move(e.value), scope, origin, e.line});
    });
}

void Config::add_file_without_includes(const std::string& path, ConfigScope scope, const std::string& display_name) {
    auto text = read_config_file(path);
    if (!text) return;
    const std::string& name = display_name.empty() ? path : display_name;
    parse_config(*text, name, [&](ParsedConfigEntry&& e) {
        entries_.push_back(ConfigEntry{std::move(e.key), std::move(e.value), scope, name, e.line});
    });
}

void Config::add_file_at_depth(const std::string& path, const std::string& name, ConfigScope scope,
                               const std::string& git_dir, const std::string& current_branch, int depth) {
    auto text = read_config_file(path);
    if (!text) return;
    parse_config(*text, name, [&](ParsedConfigEntry&& e) {
        entries_.push_back(ConfigEntry{e.key, e.value, scope, name, e.line});
        bool include = e.key == "include.path";
        if (!include && e.key.starts_with("includeif.") && e.key.ends_with(".path") && e.key.size() > 15) {
            std::string_view condition = std::string_view(e.key).substr(10, e.key.size() - 15);
            include = include_condition_holds(condition, name, git_dir, current_branch);
        }
        if (!include) return;
        if (!e.value) {
            ConfigError err("bad config line " + std::to_string(e.line) + " in file " + name);
            err.error_lines.push_back("missing value for 'include.path'");
            throw err;
        }
        auto expanded = expand_user_path(*e.value);
        if (!expanded) throw ConfigError("failed to expand user dir in: '" + *e.value + "'");
        std::string target_name = *expanded, target_path = *expanded;
        if (!is_absolute_path(target_name)) {
            target_name = std::string(directory_part(name)) + target_name;
            target_path = std::string(directory_part(path)) + target_path;
        }
        if (depth + 1 > kMaxIncludeDepth)
            throw ConfigError("exceeded maximum include depth (" + std::to_string(kMaxIncludeDepth) +
                              ") while including\n\t" + target_name + "\nfrom\n\t" + name +
                              "\nThis might be due to circular includes.");
        add_file_at_depth(target_path, target_name, scope, git_dir, current_branch, depth + 1);
    });
}

std::vector<ConfigFile> system_and_global_config_files() {
    std::vector<ConfigFile> files;
    const char* nosystem = std::getenv("GIT_CONFIG_NOSYSTEM");
    bool skip_system = nosystem && Config::parse_bool(nosystem).value_or(false);
    if (!skip_system) {
        const char* system = std::getenv("GIT_CONFIG_SYSTEM");
        files.push_back({system ? system : "/etc/gitconfig", ConfigScope::system});
    }
    if (const char* global = std::getenv("GIT_CONFIG_GLOBAL")) {
        files.push_back({global, ConfigScope::global});
        return files;
    }
    const char* xdg = std::getenv("XDG_CONFIG_HOME");
    const char* home = std::getenv("HOME");
    if (xdg && *xdg)
        files.push_back({std::string(xdg) + "/git/config", ConfigScope::global});
    else if (home)
        files.push_back({std::string(home) + "/.config/git/config", ConfigScope::global});
    if (home) files.push_back({std::string(home) + "/.gitconfig", ConfigScope::global});
    return files;
}

}  // namespace grit
