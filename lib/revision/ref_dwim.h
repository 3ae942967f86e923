#pragma once
// "Do what I mean" for ref names: which full ref a short name like "main" or
// "v1.0" denotes (git's ref_rev_parse_rules), and the reverse, the shortest
// unambiguous name of a full ref (rev-parse --abbrev-ref, describe).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hash/object_id.h"

namespace grit {

class Repository;

struct DwimRef {
    int count = 0;          // how many of the rules resolved (> 1: ambiguous)
    ObjectId oid;           // from the first rule that resolved
    std::string full_name;  // that ref after following symbolic refs ("HEAD" when detached)
    // "warning: ignoring dangling symref refs/heads/x", "warning: ignoring broken ref x"
    std::vector<std::string> messages;
};

// Tries "<name>", "refs/<name>", "refs/tags/<name>", "refs/heads/<name>",
// "refs/remotes/<name>", "refs/remotes/<name>/HEAD" in order; "@" means HEAD.
// Stops at the first match when core.warnAmbiguousRefs is false.
DwimRef dwim_ref(Repository& repo, std::string_view name);

// The shortest name that dwim_ref maps back to `full_name` (loose: only the
// rules before the matching one must not resolve; strict: none of the others).
std::string shorten_ref(Repository& repo, std::string_view full_name, bool strict);

// core.warnAmbiguousRefs (default true).
bool warn_ambiguous_refs(Repository& repo);

}  // namespace grit
