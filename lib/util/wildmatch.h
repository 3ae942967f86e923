#pragma once
// git's wildmatch: shell glob with "**" spanning directories, as used by
// includeIf "gitdir:" / "onbranch:" conditions, refspecs and pathspecs.
#include <string_view>

namespace grit {

enum WildmatchFlags : unsigned {
    wm_casefold = 1,  // compare ASCII letters case-insensitively
    wm_pathname = 2,  // '*', '?' and [...] never match '/'; "**/" spans directories
};

bool wildmatch(std::string_view pattern, std::string_view text, unsigned flags = 0);

}  // namespace grit
