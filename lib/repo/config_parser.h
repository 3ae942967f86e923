#pragma once
// git's config file syntax: turns the text of one file into (key, value, line)
// entries in file order. Includes are not followed here (see Config::add_file).
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace grit {

struct ParsedConfigEntry {
    std::string key;                   // canonical: "section.Subsection.name"
    std::optional<std::string> value;  // nullopt for a bare "name" (implicit true)
    int line;                          // git's line number for messages about the entry
};

// Calls fn for each entry. Throws ConfigError("bad config line N in file <name>")
// on malformed text; anything fn throws propagates.
// The whole file, or nullopt when it does not exist (ENOENT, ENOTDIR); throws
// IoError "unable to access '<path>': ..." otherwise.
std::optional<std::string> read_config_file(const std::string& path);

void parse_config(std::string_view text, std::string_view name,
                  const std::function<void(ParsedConfigEntry&&)>& fn);

}  // namespace grit
