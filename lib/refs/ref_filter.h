#pragma once
// Choosing refs as git for-each-ref does: name patterns, --exclude,
// --points-at, --merged/--no-merged and --contains/--no-contains.
#include <optional>
#include <string>
#include <vector>

#include "hash/object_id.h"

namespace grit {

class Repository;

// One ref chosen for listing.
struct RefItem {
    std::string name;
    ObjectId oid;
    std::optional<ObjectId> peeled;  // from packed-refs, when recorded
    std::string symref_target;       // when the ref is symbolic
};

struct RefFilterOptions {
    std::vector<std::string> patterns;  // empty: every ref under refs/
    std::vector<std::string> excluded;  // same matching rules as patterns
    bool ignore_case = false;
    std::vector<ObjectId> points_at;
    std::vector<ObjectId> merged, no_merged;      // commits
    std::vector<ObjectId> contains, no_contains;  // commits
};

struct RefFilterResult {
    std::vector<RefItem> refs;  // in name order
    // git's warnings, in order: "ignoring broken ref x",
    // "ignoring ref with broken name x".
    std::vector<std::string> warnings;
};

// for-each-ref's pattern rule: `pattern` is a prefix of `name` ending at a
// '/' boundary (or itself ending in '/'), or a wildmatch glob with
// WM_PATHNAME (case-folded when ignore_case).
bool ref_matches_pattern(std::string_view name, std::string_view pattern, bool ignore_case);

// Refs under refs/ passing every filter. Reachability filters share one
// walk over the commit graph. Throws Error("missing object <oid> for <ref>")
// when a reachability filter needs a ref's object and it is missing.
RefFilterResult filter_refs(Repository& repo, const RefFilterOptions& options);

}  // namespace grit
