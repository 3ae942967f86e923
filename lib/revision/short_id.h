#pragma once
// Abbreviated hex object ids: finding the one object a prefix names, with
// git's disambiguation by type, and git's report when it cannot decide.
#include <string>
#include <string_view>
#include <vector>

#include "hash/object_id.h"
#include "revision/resolve.h"

namespace grit {

class Repository;

enum class ShortIdStatus { found, missing, ambiguous };

struct ShortIdLookup {
    ShortIdStatus status = ShortIdStatus::missing;
    ObjectId oid;
    std::vector<ObjectId> candidates;  // when ambiguous, in git's listing order
};

// `hex` is 4 to 64 hex digits of either case; anything else is `missing`.
// `hint` none falls back to core.disambiguate. Unless `quiet`, an ambiguity
// appends git's "error: short object ID ..." and "hint: ..." lines to messages.
ShortIdLookup lookup_short_id(Repository& repo, std::string_view hex, Disambiguate hint, bool quiet,
                              std::vector<std::string>& messages);

// One "hint:   <abbrev> <type> <details>" line's text after "hint:   ".
std::string describe_candidate(Repository& repo, const ObjectId& id);

}  // namespace grit
