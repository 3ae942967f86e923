#pragma once
// Zero-copy parsing of annotated tag objects.
#include <string_view>

#include "hash/object_id.h"
#include "object/object_type.h"

namespace grit {

struct ParsedTag {
    ObjectId object;
    ObjectType type = ObjectType::bad;
    std::string_view type_text;
    std::string_view name;
    std::string_view tagger;   // empty if absent
    std::string_view headers;  // everything before the blank line
    std::string_view message;
};

// Throws CorruptData if the object/type/tag lines are missing or malformed.
ParsedTag parse_tag(std::string_view data, HashAlgo algo);

}  // namespace grit
