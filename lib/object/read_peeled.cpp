#include "object/read_peeled.h"

#include <string_view>

#include "object/replace_map.h"

namespace grit {

std::optional<PeeledObject> read_peeled(ObjectDatabase& odb, ObjectId id, ObjectType want,
                                        const ReplaceMap* replace) {
    while (true) {
        auto obj = odb.read(replace ? replace->resolve(id) : id);
        if (!obj) return std::nullopt;
        if (obj->type == want) return PeeledObject{id, std::move(*obj)};
        std::string_view key;
        if (obj->type == ObjectType::commit)
            key = "tree ";
        else if (obj->type == ObjectType::tag)
            key = "object ";
        else
            return std::nullopt;
        std::size_t hex = hex_size(id.algo);
        std::string_view data = obj->data;
        if (data.size() < key.size() + hex || data.substr(0, key.size()) != key) return std::nullopt;
        auto next = ObjectId::from_hex(data.substr(key.size(), hex), id.algo);
        if (!next) return std::nullopt;
        id = *next;
    }
}

}  // namespace grit
