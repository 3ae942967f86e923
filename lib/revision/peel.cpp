#include <optional>

#include "object/commit.h"
#include "object/tag.h"
#include "odb/object_database.h"
#include "repo/repository.h"
#include "revision/resolve.h"

namespace grit {

std::optional<ObjectId> peel_to_type(Repository& repo, const ObjectId& id, ObjectType want, ObjectType* reached) {
    ObjectDatabase& odb = repo.odb();
    ObjectId current = id;
    while (true) {
        auto header = odb.read_header(current);
        if (!header) {
            if (reached) *reached = ObjectType::none;
            return std::nullopt;
        }
        ObjectType type = header->type;
        if (want == ObjectType::none ? type != ObjectType::tag : type == want) return current;
        if (type != ObjectType::tag && (type != ObjectType::commit || want == ObjectType::none)) {
            if (reached) *reached = type;
            return std::nullopt;
        }
        auto object = odb.read(current);
        if (!object) {
            if (reached) *reached = ObjectType::none;
            return std::nullopt;
        }
        current = type == ObjectType::tag ? parse_tag(object->data, current.algo).object
                                          : parse_commit(object->data, current.algo).tree;
    }
}

}  // namespace grit
