#pragma once
// git's configuration: system, global, local and worktree files, includes,
// then GIT_CONFIG_PARAMETERS / GIT_CONFIG_COUNT and -c, later values winning.
// Keys are canonical: section and variable lowercased, subsection kept as is
// ("remote.Origin.url" -> "remote.Origin.url", "Core.Bare" -> "core.bare").
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace grit {

enum class ConfigScope { system, global, local, worktree, command };

struct ConfigEntry {
    std::string key;
    std::optional<std::string> value;  // nullopt: "[core] bare" (implicit true)
    ConfigScope scope;
    std::string origin;                // file path, or "command line"
    int line = 0;                      // line in the file (0 for the command line)
};

// A file git reads configuration from, before the repository's own.
struct ConfigFile {
    std::string path;
    ConfigScope scope;
};
// System (unless GIT_CONFIG_NOSYSTEM; GIT_CONFIG_SYSTEM or /etc/gitconfig),
// then global (GIT_CONFIG_GLOBAL, or $XDG_CONFIG_HOME/git/config and ~/.gitconfig).
std::vector<ConfigFile> system_and_global_config_files();

class Config {
public:
    // Parses one file's text; throws ConfigError with git's
    // "bad config line N in file F" message when malformed. Follows
    // include.path and includeIf.<cond>.path ("gitdir:", "gitdir/i:" matched
    // against git_dir, "onbranch:" against current_branch, a short branch
    // name or "" when detached/unknown). display_name is how messages and
    // origins name the file (git's relative form), defaulting to path. A
    // missing file is skipped.
    void add_file(const std::string& path, ConfigScope scope, const std::string& git_dir,
                  const std::string& current_branch, const std::string& display_name = "");
    // Only the entries of one file, no includes (what git reads while
    // checking a repository's format).
    void add_file_without_includes(const std::string& path, ConfigScope scope,
                                   const std::string& display_name = "");
    // Text not from a file (no includes); messages name it `origin`.
    void add_text(std::string_view text, const std::string& origin, ConfigScope scope);
    // "-c key=value" syntax; throws ConfigError as git does for a bad key.
    void add_parameter(std::string_view key_eq_value);
    // GIT_CONFIG_COUNT/GIT_CONFIG_KEY_<n>/GIT_CONFIG_VALUE_<n>, then
    // GIT_CONFIG_PARAMETERS (where main.cpp puts -c). Throws ConfigError
    // "unable to parse command-line config" with git's error line.
    void add_command_line();
    void add(std::string key, std::optional<std::string> value, ConfigScope scope, std::string origin);

    std::optional<std::string> get(std::string_view key) const;  // last wins; implicit true -> "true"
    std::vector<std::string> get_all(std::string_view key) const;
    // Typed getters throw ConfigError with git's messages ("bad boolean config
    // value 'x' for 'core.bare'", "bad numeric config value ...").
    std::optional<bool> get_bool(std::string_view key) const;
    std::optional<std::int64_t> get_int(std::string_view key) const;  // k/m/g suffixes, int range
    std::optional<std::int64_t> get_int64(std::string_view key) const;
    std::optional<std::uint64_t> get_ulong(std::string_view key) const;
    std::optional<std::string> get_path(std::string_view key) const;  // "~/" expanded
    const std::vector<ConfigEntry>& entries() const { return entries_; }

    static std::string canonical_key(std::string_view key);  // throws ConfigError if invalid
    // git_parse_maybe_bool: true/yes/on, false/no/off, "" (false), or an int
    // (nonzero is true); nullopt for anything else.
    static std::optional<bool> parse_bool(std::string_view value);

private:
    const ConfigEntry* find_last(std::string_view key) const;
    void add_file_at_depth(const std::string& path, const std::string& name, ConfigScope scope,
                           const std::string& git_dir, const std::string& current_branch, int depth);

    std::vector<ConfigEntry> entries_;
};

}  // namespace grit
