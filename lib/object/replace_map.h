#pragma once
// git replace: a ref refs/replace/<oid> names an object to read in place of
// <oid> (followed up to 5 times, as git does). Off when GIT_NO_REPLACE_OBJECTS
// is set, with --no-replace-objects, or with core.useReplaceRefs=false;
// GIT_REPLACE_REF_BASE moves the namespace.
#include <unordered_map>

#include "hash/object_id.h"

namespace grit {

class Repository;

class ReplaceMap {
public:
    static ReplaceMap load(Repository& repo, bool disabled_by_option);

    bool empty() const { return map_.empty(); }
    // The object to read for `oid`. Throws Error("replace depth too high for
    // object <oid>") for a longer chain.
    ObjectId resolve(const ObjectId& oid) const;

private:
    std::unordered_map<ObjectId, ObjectId, ObjectIdHash> map_;
};

}  // namespace grit
