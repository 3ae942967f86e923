#pragma once
// Merge bases of two commits: the common ancestors that are not ancestors of
// another common ancestor (git merge-base --all), newest first.
#include <vector>

#include "hash/object_id.h"

namespace grit {

class Repository;

// Both ids must name commits. Throws CorruptData when a commit on the way is
// missing or malformed.
std::vector<ObjectId> merge_bases(Repository& repo, const ObjectId& a, const ObjectId& b);

}  // namespace grit
