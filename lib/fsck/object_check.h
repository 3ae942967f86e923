#pragma once
// git fsck's validation of one tree, commit or tag object: every problem is
// a message id with git's text, filtered through the configured severities
// and the skip list.
#include <string>
#include <string_view>
#include <vector>

#include "fsck/fsck_messages.h"
#include "hash/object_id.h"
#include "object/object_type.h"

namespace grit {

struct FsckFinding {
    bool is_error = false;  // else a warning (info is shown as a warning, as git does)
    std::string text;       // "duplicateEntries: contains duplicate file entries"
};

// Checks `data` (the object's body) as git's fsck_object does; findings are
// appended in git's order. Returns true when any finding is an error.
bool fsck_check_object(const ObjectId& id, ObjectType type, std::string_view data,
                       const FsckSeverities& severities, std::vector<FsckFinding>& findings);

// Name checks git makes on tree entries (also used for .git protection).
bool is_hfs_dotgit(std::string_view name);
bool is_ntfs_dotgit(std::string_view name);

}  // namespace grit
