#pragma once
// Paths inside a work tree as git writes them: '/'-separated and relative to
// the top of the work tree (a "prefix" names a subdirectory and ends in '/').
#include <optional>
#include <string>
#include <string_view>

namespace grit {

// Resolves "." and ".." components and repeated slashes the way git's
// normalize_path_copy does; a trailing slash (or a final "." / "..") leaves
// a trailing '/' on a non-empty result. nullopt if ".." climbs above the top.
std::optional<std::string> normalize_repo_path(std::string_view path);

// `path` as seen from the directory `prefix` (git's relative_path): "../"
// for each directory of prefix not shared with path, then the rest of path;
// "./" when nothing is left. An empty prefix returns path unchanged.
std::string relative_to_prefix(std::string_view path, std::string_view prefix);

}  // namespace grit
