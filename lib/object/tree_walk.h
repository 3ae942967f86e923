#pragma once
// Walking a tree the way `git ls-tree` does: entries in stored order, each
// directory's entry before its contents, pathspecs matched literally (a path
// names an entry exactly, or a directory and everything below it; a trailing
// '/' only matches directories and submodules), and directories descended
// into only with -r or when a pathspec names something inside them.
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "hash/object_id.h"
#include "object/object_type.h"
#include "util/error.h"

namespace grit {

class ObjectDatabase;

// A subtree that cannot be read, or is not a tree: git reports it as
// "error: <message>" and stops listing, exiting 1.
class UnreadableTree : public Error { using Error::Error; };

struct ListedEntry {
    std::uint32_t mode = 0;  // canonical
    ObjectType type = ObjectType::blob;
    ObjectId oid;
    std::string_view path;   // from the top of the tree, valid during the callback
};

struct LsTreeWalkOptions {
    bool recursive = false;   // -r
    bool show_trees = false;  // -t: list directories that are descended into
    bool trees_only = false;  // -d: list no blobs
};

// Lists the tree `root` (its raw data) to `emit`. `pathspec` holds paths from
// the top (PathspecItem::match); empty means everything. Throws UnreadableTree
// for a bad subtree and CorruptData for a malformed tree.
void walk_ls_tree(ObjectDatabase& odb, std::string_view root, const std::vector<std::string>& pathspec,
                  const LsTreeWalkOptions& options, const std::function<void(const ListedEntry&)>& emit);

}  // namespace grit
