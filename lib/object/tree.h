#pragma once
// Zero-copy iteration over a tree object's entries ("<octal mode> <name>\0<raw id>"),
// in the order they are stored (git's sort order for well-formed trees).
#include <cstdint>
#include <string_view>

#include "hash/object_id.h"
#include "object/object_type.h"

namespace grit {

struct TreeEntry {
    std::uint32_t mode = 0;
    std::string_view mode_text;  // as stored, e.g. "40000" or "100644"
    std::string_view name;
    ObjectId oid;
};

// The object type a tree entry's mode denotes (gitlinks are commits).
ObjectType type_from_mode(std::uint32_t mode);
bool is_tree_mode(std::uint32_t mode);
// The mode git uses for a tree entry whatever bits were stored (100644,
// 100755, 120000, 040000 or 160000).
std::uint32_t canonical_tree_mode(std::uint32_t mode);

class TreeReader {
public:
    TreeReader(std::string_view data, HashAlgo algo) : rest_(data), algo_(algo) {}
    // False at the end. Throws CorruptData with git's messages ("too-short
    // tree object", "malformed mode in tree entry", "empty filename in tree
    // entry") on malformed data; never reads past the buffer.
    bool next(TreeEntry& entry);

private:
    std::string_view rest_;
    HashAlgo algo_;
};

}  // namespace grit
