#pragma once
// `cat-file -p`: commits, tags and blobs print as stored; a tree prints one
// line per entry as `ls-tree` shows it,
//   "<mode, 6 octal digits> <type> <hex id>\t<name>\n",
// with the mode canonicalised as git reads trees (100644, 100755, 120000,
// 040000, 160000) and the name C-quoted when it needs to be.
#include <cstdint>
#include <string>
#include <string_view>

#include "hash/object_id.h"

namespace grit {

// Appends the listing of a tree object's data. Throws CorruptData for a
// malformed tree, with git's messages.
void append_tree_listing(std::string& out, std::string_view tree_data, HashAlgo algo, bool quote_non_ascii);

}  // namespace grit
