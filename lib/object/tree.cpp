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

std::uint32_t canonical_tree_mode(std::uint32_t mode) {
    switch (mode & 0170000) {
    case 0100000: return (mode & 0100) ? 0100755 : 0100644;
    case 0120000: return 0120000;
    case 0040000: return 0040000;
    default: return 0160000;
    }
}

// The checks, and their order, are git's decode_tree_entry: the bytes before
// the last id must end in NUL, so that a name can never run past the buffer.
bool TreeReader::next(TreeEntry& entry) {
    if (rest_.empty()) return false;
    std::size_t hsz = hash_size(algo_);
    if (rest_.size() < hsz + 3 || rest_[rest_.size() - hsz - 1] != '\0') throw CorruptData("too-short tree object");
    if (rest_[0] == ' ') throw CorruptData("malformed mode in tree entry");
    std::uint32_t mode = 0;
    std::size_t space = 0;
    for (; rest_[space] != ' '; ++space) {
        char c = rest_[space];
        if (c < '0' || c > '7') throw CorruptData("malformed mode in tree entry");
        mode = (mode << 3) | static_cast<std::uint32_t>(c - '0');
    }
    if (rest_[space + 1] == '\0') throw CorruptData("empty filename in tree entry");
    auto nul = rest_.find('\0', space + 1);
    entry.mode = mode;
    entry.mode_text = rest_.substr(0, space);
    entry.name = rest_.substr(space + 1, nul - space - 1);
    entry.oid = ObjectId::from_raw(rest_.data() + nul + 1, algo_);
    rest_.remove_prefix(nul + 1 + hsz);
    return true;
}

}  // namespace grit
