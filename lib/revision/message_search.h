#pragma once
// ":/<regex>" and "<rev>^{/<regex>}": the most recent commit reachable from
// the start commits whose message matches a POSIX extended regex, walking by
// committer date as git does ("!-" negates the match, "!!" is a literal "!").
#include <optional>
#include <string_view>
#include <vector>

#include "hash/object_id.h"

namespace grit {

class Repository;

// nullopt when nothing matches or the pattern is not valid.
std::optional<ObjectId> search_commit_messages(Repository& repo, const std::vector<ObjectId>& starts,
                                               std::string_view pattern);

}  // namespace grit
