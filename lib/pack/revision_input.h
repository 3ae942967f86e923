#pragma once
// pack-objects' internal rev-list (`--revs`, `--all`, ...): the objects of
// `git rev-list --objects [--objects-edge] <arguments>`, where the arguments
// are the options' own (--all, --reflog, --indexed-objects) followed by the
// lines read from standard input (revisions, "^<rev>", "--not"), in git's
// traversal order: commits as the walk shows them, then tags, trees and
// blobs. With `edges`, the uninteresting parents of shown commits are
// reported (thin packs use their trees as preferred bases).
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "hash/object_id.h"
#include "object/object_type.h"

namespace grit {

class Repository;

struct RevisionInput {
    std::vector<std::string> options;  // "--all", "--reflog", "--indexed-objects", in order
    std::vector<std::string> lines;    // standard input, up to the first empty line
    bool unpacked = false;             // --unpacked: skip commits that are in a pack
    bool edges = false;                // report edges (--objects-edge)
};

struct RevisionSink {
    std::function<void(const ObjectId&)> commit;
    std::function<void(const ObjectId&, ObjectType, std::string_view name)> object;
    std::function<void(const ObjectId&)> edge;
};

// Throws BadName with git's messages: "not a rev '<line>'" for an option
// line other than --not, "bad revision '<line>'" for a name that does not
// resolve; and the walk's errors for missing objects.
void walk_revisions(Repository& repo, const RevisionInput& input, const RevisionSink& sink);

}  // namespace grit
