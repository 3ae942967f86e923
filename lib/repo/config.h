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
};

class Config {
public:
    // Parses one file's text; throws ConfigError with git's
    // "bad config line N in file F" message when malformed.
    void add_file(const std::string& path, ConfigScope scope, const std::string& git_dir,
                  const std::string& current_branch);
    void add_text(std::string_view text, const std::string& origin, ConfigScope scope);
    // "-c key=value" syntax; throws ConfigError as git does for a bad key.
    void add_parameter(std::string_view key_eq_value);
    void add(std::string key, std::optional<std::string> value, ConfigScope scope, std::string origin);

    std::optional<std::string> get(std::string_view key) const;  // last wins; implicit true -> "true"
    std::vector<std::string> get_all(std::string_view key) const;
    // Typed getters throw ConfigError with git's messages ("bad boolean config
    // value 'x' for 'core.bare'", "bad numeric config value ...").
    std::optional<bool> get_bool(std::string_view key) const;
    std::optional<std::int64_t> get_int(std::string_view key) const;  // k/m/g suffixes
    std::optional<std::string> get_path(std::string_view key) const;  // "~/" expanded
    const std::vector<ConfigEntry>& entries() const { return entries_; }

    static std::string canonical_key(std::string_view key);  // throws ConfigError if invalid
    static std::optional<bool> parse_bool(std::string_view value);

private:
    std::vector<ConfigEntry> entries_;
};

}  // namespace grit
