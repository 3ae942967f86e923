#pragma once
// The directories under refs/ and logs/ that mirror ref names: created on the
// way to a new ref, removed when they are empty again, as git's files
// backend does (so that D/F conflicts and leftovers match git's).
#include <string>
#include <string_view>

namespace grit {

enum class LeadingDirs {
    ok,
    blocked,   // a non-directory is where a directory should be (a D/F conflict)
    vanished,  // a directory disappeared meanwhile; worth trying again
    failed,    // another error; errno tells
};

// Creates the missing directories leading to `path` (git's
// safe_create_leading_directories).
LeadingDirs create_leading_directories(const std::string& path);

// Removes `path` if it is a directory holding only empty directories; true if
// it is gone afterwards.
bool remove_empty_directories(const std::string& path);

// After the file `path` of ref (or reflog) `refname` was deleted: removes the
// parent directories that became empty, never the first two levels of the
// name ("refs/heads").
void remove_empty_parents(const std::string& path, std::string_view refname);

}  // namespace grit
