#pragma once
// Reading reflogs ("logs/<refname>": one "<old> <new> <ident> <time> <tz>\t<message>"
// line per update, oldest first).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hash/object_id.h"

namespace grit {

struct ReflogEntry {
    ObjectId old_oid;
    ObjectId new_oid;
    std::string message;  // after the tab, without the newline
};

// Where the reflog of `refname` lives: HEAD and the other per-worktree refs
// under git_dir, everything else under common_dir.
std::string reflog_path(const std::string& git_dir, const std::string& common_dir, std::string_view refname);

// The entries of the reflog file at `path`, oldest first; nullopt if there is
// no such file. Lines that do not parse are skipped, as git skips them.
std::optional<std::vector<ReflogEntry>> read_reflog(const std::string& path, HashAlgo algo);

bool reflog_exists(const std::string& path);

}  // namespace grit
