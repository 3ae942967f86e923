#pragma once
// The checks `git hash-object` makes before it hashes a tree, commit or tag
// (without --literally): only what git's parsers need to read the object,
// not fsck's full validation.
#include <string_view>

#include "hash/object_id.h"
#include "object/object_type.h"

namespace grit {

// Throws CorruptData with git's message ("too-short tree object", "malformed
// mode in tree entry", "empty filename in tree entry", "corrupt commit",
// "corrupt tag") and the "error: ..." lines git prints before it. Blobs and
// other types always pass. The error lines name the object as git does:
// all zeros for hash-object, or `self` (fsck parses stored objects).
void check_object_format(ObjectType type, std::string_view data, HashAlgo algo, const ObjectId* self = nullptr);

}  // namespace grit
