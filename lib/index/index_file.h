#pragma once
// Reading the index ($GIT_DIR/index, versions 2, 3 and 4): its entries'
// paths, stages, modes and object ids, in the index's order (by path, then
// stage). Extensions are skipped; the file's trailing checksum is not verified.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hash/object_id.h"

namespace grit {

struct IndexEntry {
    std::string path;
    int stage = 0;
    std::uint32_t mode = 0;  // 0100644, 0100755, 0120000, 0160000, or 040000 for a sparse directory
    ObjectId oid;
};

// A valid node of the cache tree (the TREE extension): the tree object the
// index holds for a directory ("" for the root).
struct IndexTreeNode {
    std::string path;
    ObjectId oid;
};

class IndexFile {
public:
    // nullopt when the file does not exist (a repository without an index is
    // an empty index). Throws CorruptData with git's messages when malformed
    // ("<path>: index file smaller than expected", "index file corrupt"
    // after "bad signature 0x...").
    static std::optional<IndexFile> read(const std::string& path, HashAlgo algo);

    const std::vector<IndexEntry>& entries() const { return entries_; }
    // The first entry (lowest stage) for `path`, if any.
    const IndexEntry* find(std::string_view path) const;
    const IndexEntry* find(std::string_view path, int stage) const;
    // The valid cache tree nodes, parents before their subdirectories, in
    // stored order (empty without a TREE extension, or if it is malformed).
    const std::vector<IndexTreeNode>& cache_tree() const { return cache_tree_; }

private:
    void read_cache_tree(std::string_view data, HashAlgo algo);

    std::vector<IndexEntry> entries_;
    std::vector<IndexTreeNode> cache_tree_;
};

}  // namespace grit
