#include "pack/tag_refs.h"

#include "object/tag.h"
#include "odb/object_database.h"
#include "pack/object_counter.h"
#include "pack/packing_list.h"
#include "refs/ref_store.h"
#include "repo/repository.h"
#include "util/error.h"

namespace grit {

namespace {

// The object a ref finally names, through any tags (nullopt if unreadable).
std::optional<ObjectId> peel(ObjectDatabase& odb, const Ref& ref) {
    if (ref.peeled) return ref.peeled;
    ObjectId id = ref.oid;
    for (int hops = 0; hops < 64; ++hops) {
        auto header = odb.read_header(id, false, false);
        if (!header) return std::nullopt;
        if (header->type != ObjectType::tag) return id;
        auto object = odb.read(id);
        if (!object) return std::nullopt;
        id = parse_tag(object->data, id.algo).object;
    }
    return std::nullopt;
}

}  // namespace

void mark_tagged_objects(PackingList& list, Repository& repo) {
    ObjectDatabase& odb = repo.odb();
    repo.refs().for_each_ref("refs/tags/", [&](const Ref& ref) {
        if (ref.broken) return;
        if (std::uint32_t pos = list.find(ref.oid); pos != kNoEntry) list[pos].tagged = true;
        std::optional<ObjectId> peeled;
        try {
            peeled = peel(odb, ref);
        } catch (const Error&) {
        }
        if (peeled)
            if (std::uint32_t pos = list.find(*peeled); pos != kNoEntry) list[pos].tagged = true;
    });
}

void include_tags(ObjectCounter& counter, PackingList& list, Repository& repo) {
    ObjectDatabase& odb = repo.odb();
    repo.refs().for_each_ref("refs/tags/", [&](const Ref& ref) {
        if (ref.broken) return;
        std::optional<ObjectId> peeled;
        try {
            peeled = peel(odb, ref);
        } catch (const Error&) {
        }
        // A ref that is not a tag object peels to itself and adds nothing.
        if (!peeled || *peeled == ref.oid || list.find(*peeled) == kNoEntry) return;
        if (list.find(ref.oid) != kNoEntry) return;
        ObjectId id = ref.oid;
        for (;;) {
            std::optional<Object> object;
            try {
                object = odb.read(id);
            } catch (const Error&) {
            }
            if (!object || object->type != ObjectType::tag)
                throw Error("unable to pack objects reachable from tag " + ref.oid.hex());
            ParsedTag tag = parse_tag(object->data, id.algo);
            counter.add(id, ObjectType::tag, {});
            if (tag.type != ObjectType::tag) return;
            id = tag.object;
        }
    });
}

}  // namespace grit
