#pragma once
// Reading many refs' objects on several cores before they are formatted or
// sorted (for-each-ref --sort=committerdate over thousands of tags): inflating
// them is most of that work, and an ObjectDatabase is not thread-safe, so
// every extra thread reads through an object database of its own.
#include <optional>
#include <vector>

#include "hash/object_id.h"
#include "odb/object_database.h"

namespace grit {

class Repository;

// Slot i holds the object ids[i] names, or nullopt when it could not be read
// (missing, corrupt, or only reachable through GIT_ALTERNATE_OBJECT_DIRECTORIES):
// the caller's own read then reports it as usual. Small inputs are read on
// the calling thread alone.
std::vector<std::optional<Object>> read_objects_in_parallel(Repository& repo, const std::vector<ObjectId>& ids);

}  // namespace grit
