#include "object/format_check.h"

#include <string>
#include <vector>

#include "util/error.h"

namespace grit {

namespace {

bool parse_hex_id(std::string_view text, HashAlgo algo, ObjectId& out) {
    if (text.size() < hex_size(algo)) return false;
    auto id = ObjectId::from_hex(text.substr(0, hex_size(algo)), algo);
    if (!id) return false;
    out = *id;
    return true;
}

// git parses the object as if its own id were all zeros.
std::string zero_id(HashAlgo algo) { return std::string(hex_size(algo), '0'); }

[[noreturn]] void corrupt(std::string message, std::vector<std::string> error_lines = {}) {
    CorruptData e(message);
    e.error_lines = std::move(error_lines);
    throw e;
}

// Each entry is "<octal mode> <name>\0<raw id>"; the checks run on what is
// left of the buffer, as git's tree decoder does.
void check_tree(std::string_view rest, HashAlgo algo) {
    const std::size_t raw = hash_size(algo);
    while (!rest.empty()) {
        if (rest.size() < raw + 3 || rest[rest.size() - raw - 1] != '\0') corrupt("too-short tree object");
        if (rest[0] == ' ') corrupt("malformed mode in tree entry");
        std::size_t i = 0;
        for (; rest[i] != ' '; ++i)
            if (rest[i] < '0' || rest[i] > '7') corrupt("malformed mode in tree entry");
        if (rest[i + 1] == '\0') corrupt("empty filename in tree entry");
        std::size_t nul = rest.find('\0', i + 1);
        rest.remove_prefix(nul + 1 + raw);
    }
}

void check_commit(std::string_view data, HashAlgo algo, const std::string& name) {
    const std::size_t hex = hex_size(algo);
    const std::size_t tree_line = hex + 5;    // "tree <hex>"
    const std::size_t parent_line = hex + 7;  // "parent <hex>"
    auto fail = [&](const std::string& why) { corrupt("corrupt commit", {why + " " + name}); };
    if (data.size() <= tree_line + 1 || data.substr(0, 5) != "tree " || data[tree_line] != '\n')
        fail("bogus commit object");
    ObjectId tree;
    if (!parse_hex_id(data.substr(5), algo, tree)) fail("bad tree pointer in commit");
    std::size_t pos = tree_line + 1;
    while (pos + parent_line < data.size() && data.substr(pos, 7) == "parent ") {
        ObjectId parent;
        if (data.size() <= pos + parent_line + 1 || !parse_hex_id(data.substr(pos + 7), algo, parent) ||
            data[pos + parent_line] != '\n')
            fail("bad parents in commit");
        // git has already looked the tree id up as a tree, so a parent with
        // the same id is refused as being of the wrong type.
        if (parent == tree)
            corrupt("corrupt commit", {"object " + tree.hex() + " is a tree, not a commit",
                                       "bad parent " + tree.hex() + " in commit " + name});
        pos += parent_line + 1;
    }
}

void check_tag(std::string_view data, HashAlgo algo, const std::string& name) {
    const std::size_t hex = hex_size(algo);
    auto fail = [] { corrupt("corrupt tag"); };
    if (data.size() < hex + 24) fail();
    ObjectId target;
    if (data.substr(0, 7) != "object " || !parse_hex_id(data.substr(7), algo, target) || data[7 + hex] != '\n')
        fail();
    std::string_view rest = data.substr(8 + hex);
    if (rest.substr(0, 5) != "type ") fail();
    rest.remove_prefix(5);
    auto nl = rest.find('\n');
    if (nl == std::string_view::npos || nl >= 20) fail();
    std::string_view type = rest.substr(0, nl);
    type = type.substr(0, type.find('\0'));  // git compares it as a C string
    if (type != "blob" && type != "tree" && type != "commit" && type != "tag")
        corrupt("corrupt tag", {"unknown tag type '" + std::string(type) + "' in " + name});
    rest.remove_prefix(nl + 1);
    if (rest.size() <= 4 || rest.substr(0, 4) != "tag ") fail();
    rest.remove_prefix(4);
    if (rest.find('\n') == std::string_view::npos) fail();
}

}  // namespace

void check_object_format(ObjectType type, std::string_view data, HashAlgo algo, const ObjectId* self) {
    const std::string name = self ? self->hex() : zero_id(algo);
    switch (type) {
    case ObjectType::tree: check_tree(data, algo); break;
    case ObjectType::commit: check_commit(data, algo, name); break;
    case ObjectType::tag: check_tag(data, algo, name); break;
    default: break;
    }
}

}  // namespace grit
