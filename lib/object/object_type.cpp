#include "object/object_type.h"

namespace grit {

std::string_view type_name(ObjectType t) {
    switch (t) {
    case ObjectType::commit: return "commit";
    case ObjectType::tree: return "tree";
    case ObjectType::blob: return "blob";
    case ObjectType::tag: return "tag";
    case ObjectType::ofs_delta: return "OFS_DELTA";
    case ObjectType::ref_delta: return "REF_DELTA";
    default: return "";
    }
}

ObjectType type_from_name(std::string_view name) {
    if (name == "commit") return ObjectType::commit;
    if (name == "tree") return ObjectType::tree;
    if (name == "blob") return ObjectType::blob;
    if (name == "tag") return ObjectType::tag;
    return ObjectType::bad;
}

}  // namespace grit
