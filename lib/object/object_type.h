#pragma once
// Object types as numbered in pack entry headers.
#include <cstdint>
#include <string_view>

namespace grit {

enum class ObjectType : int {
    bad = -1,
    none = 0,
    commit = 1,
    tree = 2,
    blob = 3,
    tag = 4,
    ofs_delta = 6,
    ref_delta = 7,
};

// "commit", "tree", "blob", "tag"; "" for anything else.
std::string_view type_name(ObjectType t);
// ObjectType::bad for a name that is not one of the four.
ObjectType type_from_name(std::string_view name);

}  // namespace grit
