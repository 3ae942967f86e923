#include "object/tag.h"

#include "object/commit.h"
#include "util/error.h"

namespace grit {

ParsedTag parse_tag(std::string_view data, HashAlgo algo) {
    ParsedTag t;
    auto end = data.find("\n\n");
    t.headers = end == std::string_view::npos ? data : data.substr(0, end + 1);
    t.message = end == std::string_view::npos ? std::string_view{} : data.substr(end + 2);
    auto object = find_header(t.headers, "object");
    if (!object || t.headers.substr(0, 7) != "object ") throw CorruptData("missing object line in tag");
    auto id = ObjectId::from_hex(*object, algo);
    if (!id) throw CorruptData("bad object line in tag");
    t.object = *id;
    auto type = find_header(t.headers, "type");
    if (!type) throw CorruptData("missing type line in tag");
    t.type_text = *type;
    t.type = type_from_name(*type);
    t.name = find_header(t.headers, "tag").value_or(std::string_view{});
    t.tagger = find_header(t.headers, "tagger").value_or(std::string_view{});
    return t;
}

}  // namespace grit
