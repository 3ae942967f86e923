#include "repo/repo_format.h"

#include "repo/config.h"
#include "repo/config_parser.h"
#include "util/error.h"

namespace grit {
namespace {

// A value the callback rejected: git prints its error, then the line.
[[noreturn]] void reject_line(const std::string& error, const ParsedConfigEntry& e, const std::string& name) {
    ConfigError err("bad config line " + std::to_string(e.line) + " in file " + name);
    err.error_lines.push_back(error);
    throw err;
}

bool config_bool(const ParsedConfigEntry& e) {
    if (!e.value) return true;
    if (auto b = Config::parse_bool(*e.value)) return *b;
    throw ConfigError("bad boolean config value '" + *e.value + "' for '" + e.key + "'");
}

int config_int_in_file(const ParsedConfigEntry& e, const std::string& name) {
    Config one;
    one.add(e.key, e.value, ConfigScope::local, name);
    try {
        return static_cast<int>(*one.get_int(e.key));
    } catch (const ConfigError& err) {
        // git names the file when the value is read while parsing it.
        std::string msg = err.what();
        auto colon = msg.rfind("': ");
        throw ConfigError(msg.substr(0, colon + 1) + " in file " + name + msg.substr(colon + 1));
    }
}

void apply_worktree_keys(RepositoryFormat& f, const ParsedConfigEntry& e, const std::string& name) {
    if (e.key == "core.bare") {
        f.is_bare = config_bool(e);
    } else if (e.key == "core.worktree") {
        if (!e.value) reject_line("missing value for '" + e.key + "'", e, name);
        f.work_tree = *e.value;
    }
}

// Extensions git 2.39 understands in repository format version 0 as well.
bool handle_extension_v0(RepositoryFormat& f, std::string_view ext, const ParsedConfigEntry& e,
                         const std::string& name) {
    if (ext == "noop") return true;
    if (ext == "preciousobjects") {
        f.precious_objects = config_bool(e);
        return true;
    }
    if (ext == "partialclone") {
        if (!e.value) reject_line("missing value for '" + e.key + "'", e, name);
        f.partial_clone = *e.value;
        return true;
    }
    if (ext == "worktreeconfig") {
        f.worktree_config = config_bool(e);
        return true;
    }
    return false;
}

// Extensions that only mean something from version 1 on.
bool handle_extension_v1(RepositoryFormat& f, std::string_view ext, const ParsedConfigEntry& e,
                         const std::string& name) {
    if (ext == "noop-v1") return true;
    if (ext == "objectformat") {
        if (!e.value) reject_line("missing value for '" + e.key + "'", e, name);
        auto algo = hash_from_name(*e.value);
        if (!algo) reject_line("invalid value for 'extensions.objectformat': '" + *e.value + "'", e, name);
        f.hash_algo = *algo;
        return true;
    }
    return false;
}

std::string extension_list(const char* one, const char* many, const std::vector<std::string>& names) {
    std::string msg = names.size() == 1 ? one : many;
    for (const auto& n : names) msg += "\n\t" + n;
    return msg;
}

}  // namespace

RepositoryFormat read_repository_format(const std::string& config_path, const std::string& display_name) {
    RepositoryFormat f;
    auto text = read_config_file(config_path);
    if (!text) return f;
    parse_config(*text, display_name, [&](ParsedConfigEntry&& e) {
        if (e.key == "core.repositoryformatversion") {
            f.version = config_int_in_file(e, display_name);
        } else if (e.key.starts_with("extensions.")) {
            std::string_view ext = std::string_view(e.key).substr(11);
            if (handle_extension_v0(f, ext, e, display_name)) return;
            if (handle_extension_v1(f, ext, e, display_name))
                f.v1_only_extensions.emplace_back(ext);
            else
                f.unknown_extensions.emplace_back(ext);
        } else {
            apply_worktree_keys(f, e, display_name);
        }
    });
    if (f.version == -1) f = RepositoryFormat{};  // without a version nothing counts
    return f;
}

void read_worktree_format(RepositoryFormat& format, const std::string& path, const std::string& display_name) {
    auto text = read_config_file(path);
    if (!text) return;
    parse_config(*text, display_name,
                 [&](ParsedConfigEntry&& e) { apply_worktree_keys(format, e, display_name); });
}

void verify_repository_format(const RepositoryFormat& f) {
    if (f.version > 1) throw Error("Expected git repo version <= 1, found " + std::to_string(f.version));
    if (f.version >= 1 && !f.unknown_extensions.empty())
        throw Error(extension_list("unknown repository extension found:", "unknown repository extensions found:",
                                   f.unknown_extensions));
    if (f.version == 0 && !f.v1_only_extensions.empty())
        throw Error(extension_list("repo version is 0, but v1-only extension found:",
                                   "repo version is 0, but v1-only extensions found:", f.v1_only_extensions));
}

}  // namespace grit
