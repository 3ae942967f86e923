#pragma once
// `cat-file --follow-symlinks`: looking up "<tree-ish>:<path>" while
// following symbolic links stored in the tree, as git's
// get_tree_entry_follow_symlinks() does. A link is resolved relative to the
// directory holding it; "/" repeats are ignored; ".." climbs towards the root
// tree; at most 40 links are followed.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "hash/object_id.h"

namespace grit {

class ObjectDatabase;

enum class SymlinkWalkStatus {
    found,        // oid (and mode, when the last step was a tree entry)
    missing,      // the path, before any link was followed, does not exist
    dangling,     // a link was followed to something that does not exist
    loop,         // more than 40 links
    not_dir,      // a file was used as a directory
    out_of_tree,  // a link leads outside the tree: `outside` is where
};

struct SymlinkWalkResult {
    SymlinkWalkStatus status = SymlinkWalkStatus::missing;
    ObjectId oid;
    std::optional<std::uint32_t> mode;
    // For out_of_tree: an absolute link target as stored, or the rest of the
    // path relative to the root tree ("../f").
    std::string outside;
};

// tree_ish may name a tree, a commit or a tag (peeled to its tree).
SymlinkWalkResult walk_following_symlinks(ObjectDatabase& odb, const ObjectId& tree_ish, std::string_view path);

}  // namespace grit
