#pragma once
// Reading an object "as" a type the way `git cat-file <type> <object>` does
// (git's read_object_with_reference): a tag leads to its target, a commit to
// its tree, until an object of the wanted type is reached.
#include <optional>

#include "hash/object_id.h"
#include "object/object_type.h"
#include "odb/object_database.h"

namespace grit {

class ReplaceMap;

struct PeeledObject {
    ObjectId oid;
    Object object;
};

// nullopt when an object on the way is missing, malformed, or can lead no
// further (a blob or tree that is not the wanted type).
// Each object on the way is read through `replace` when given.
std::optional<PeeledObject> read_peeled(ObjectDatabase& odb, ObjectId id, ObjectType want,
                                        const ReplaceMap* replace = nullptr);

}  // namespace grit
