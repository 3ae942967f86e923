#include "object/tree.h"

#include "util/error.h"

namespace grit {

ObjectType type_from_mode(std::uint32_t mode) {
    switch (mode & 0170000) {
    case 0040000: return ObjectType::tree;
    case 0160000: return ObjectType::commit;
    default: return ObjectType::blob;
    }
}

bool is_tree_mode(std::uint32_t mode) { return (mode & 0170000) == 0040000; }

bool TreeReader::next(TreeEntry& entry) {
    if (rest_.empty()) return false;
    std::size_t hsz = hash_size(algo_);
    auto space = rest_.find(' ');
    auto nul = rest_.find('\0');
    if (space == std::string_view::npos || nul == std::string_view::npos || rest_.size() - nul - 1 < hsz)
        throw CorruptData("too-short tree object");
    if (space == 0 || space > nul) throw CorruptData("malformed mode in tree entry");
    std::uint32_t mode = 0;
    for (std::size_t i = 0; i < space; ++i) {
        char c = rest_[i];
        if (c < '0' || c > '7') throw CorruptData("malformed mode in tree entry");
        mode = (mode << 3) | static_cast<std::uint32_t>(c - '0');
    }
    if (nul == space + 1) throw CorruptData("empty filename in tree entry");
    entry.mode = mode;
    entry.mode_text = rest_.substr(0, space);
    entry.name = rest_.substr(space + 1, nul - space - 1);
    entry.oid = ObjectId::from_raw(rest_.data() + nul + 1, algo_);
    rest_.remove_prefix(nul + 1 + hsz);
    return true;
}

}  // namespace grit
