#pragma once
// The cache-tree ("TREE" extension) of an index file, as fsck walks it: the
// trees it records in pre-order, each with whether its subtree is valid.
#include <string>
#include <vector>

#include "hash/object_id.h"

namespace grit {

struct CacheTreeNode {
    ObjectId oid;     // set when valid
    bool valid = false;      // entry_count >= 0: the tree id is known
    std::uint32_t subtrees = 0;  // how many nodes below it follow
    std::string name;            // the directory's name ("" for the root)
};

// Nodes of the TREE extension in file order (pre-order); empty when the
// index has none, does not exist, or cannot be read (git's own index
// reader reports a broken index elsewhere).
std::vector<CacheTreeNode> read_cache_tree(const std::string& index_path, HashAlgo algo);

}  // namespace grit
