#include "revwalk/object_walk.h"

#include <cstring>

#include "object/tree.h"
#include "odb/object_database.h"
#include "util/error.h"

namespace grit {

ObjectWalk::ObjectWalk(ObjectDatabase& odb, MissingAction missing, ObjectFilter filter, Show show)
    : odb_(odb), missing_action_(missing), filter_(filter), show_(std::move(show)) {}

void ObjectWalk::add_pending(const ObjectId& id, ObjectType type, std::string name) {
    pending_.push_back(Pending{id, type, std::move(name)});
}

void ObjectWalk::add_commit_tree(const ObjectId& tree) { pending_.push_back(Pending{tree, ObjectType::tree, {}}); }

void ObjectWalk::mark_contents_uninteresting(const ObjectId& tree) {
    auto object = odb_.read(tree);
    if (!object || object->type != ObjectType::tree) return;
    TreeReader reader(object->data, tree.algo);
    TreeEntry entry;
    while (reader.next(entry)) {
        if (is_tree_mode(entry.mode)) {
            mark_tree_uninteresting(entry.oid);
        } else if (type_from_mode(entry.mode) == ObjectType::blob) {
            flags(entry.oid) |= uninteresting;
        }
    }
}

void ObjectWalk::mark_tree_uninteresting(const ObjectId& tree) {
    std::uint8_t& f = flags(tree);
    if (f & uninteresting) return;
    f |= uninteresting;
    mark_contents_uninteresting(tree);
}

// git's finish_object: a shown object must exist, else --missing decides.
bool ObjectWalk::exists_or_recorded(const ObjectId& id, ObjectType type) {
    if (odb_.contains(id)) return true;
    switch (missing_action_) {
        case MissingAction::error:
            throw Error("missing " + std::string(type_name(type)) + " object '" + id.hex() + "'");
        case MissingAction::allow_any:
            break;
        case MissingAction::print:
            missing_.push_back(id);
            break;
    }
    return false;
}

bool ObjectWalk::filtered_out(const ObjectId& blob) {
    switch (filter_.kind) {
        case ObjectFilter::Kind::none:
            return false;
        case ObjectFilter::Kind::blob_none:
            return true;
        case ObjectFilter::Kind::blob_limit: {
            // A missing blob is kept, for --missing to decide about.
            auto header = odb_.read_header(blob);
            return header && header->size >= filter_.blob_limit;
        }
    }
    return false;
}

void ObjectWalk::process_blob(const ObjectId& id, std::string_view name_part, bool user_given) {
    std::uint8_t& f = flags(id);
    if (f & (seen | uninteresting)) return;
    f |= seen;
    // As in git, filters apply only to what the walk finds, not to objects
    // named on the command line.
    if (!user_given && filtered_out(id)) {
        omitted_.push_back(id);
        return;
    }
    if (!exists_or_recorded(id, ObjectType::blob)) return;
    std::size_t base = path_.size();
    path_.append(name_part);
    show_(id, ObjectType::blob, path_);
    path_.resize(base);
}

void ObjectWalk::process_tree(const ObjectId& id) {
    std::uint8_t& f = flags(id);
    if (f & (seen | uninteresting)) return;
    auto object = odb_.read(id);
    bool readable = object && object->type == ObjectType::tree;
    if (!readable && missing_action_ == MissingAction::error) throw Error("bad tree object " + id.hex());
    flags(id) |= seen;
    if (object || exists_or_recorded(id, ObjectType::tree)) show_(id, ObjectType::tree, path_);
    if (!readable) return;
    std::size_t base = path_.size();
    if (!path_.empty()) path_.push_back('/');
    TreeReader reader(object->data, id.algo);
    TreeEntry entry;
    while (reader.next(entry)) {
        if (is_tree_mode(entry.mode)) {
            std::size_t before = path_.size();
            path_.append(entry.name);
            process_tree(entry.oid);
            path_.resize(before);
        } else if (type_from_mode(entry.mode) == ObjectType::blob) {
            process_blob(entry.oid, entry.name, false);
        }
    }
    path_.resize(base);
}

void ObjectWalk::flush() {
    for (const Pending& p : pending_) {
        std::uint8_t f = flags(p.id);
        if (f & (uninteresting | seen)) continue;
        path_.clear();
        if (p.type == ObjectType::tag) {
            flags(p.id) |= seen;
            if (exists_or_recorded(p.id, ObjectType::tag)) show_(p.id, ObjectType::tag, p.name);
        } else if (p.type == ObjectType::tree) {
            path_ = p.name;
            process_tree(p.id);
        } else if (p.type == ObjectType::blob) {
            process_blob(p.id, p.name, true);
        }
    }
    pending_.clear();
    path_.clear();
}

std::vector<ObjectId> oidset_order(const std::vector<ObjectId>& ids, std::uint32_t initial_buckets) {
    // khash: power-of-two buckets, triangular probing from hash & mask, and
    // iteration in bucket order. Growth (past 77% load) rehashes in place in
    // khash; here the ids are re-inserted in bucket order, which matches it
    // whenever no probe chains cross.
    std::uint32_t buckets = 4;
    while (buckets < initial_buckets) buckets <<= 1;
    std::vector<const ObjectId*> table(buckets, nullptr);
    std::size_t size = 0;
    auto insert = [&](std::vector<const ObjectId*>& t, const ObjectId* id) {
        std::uint32_t mask = static_cast<std::uint32_t>(t.size()) - 1;
        std::uint32_t h;
        std::memcpy(&h, id->data(), 4);
        std::uint32_t i = h & mask, step = 0;
        while (t[i]) {
            if (*t[i] == *id) return false;
            i = (i + ++step) & mask;
        }
        t[i] = id;
        return true;
    };
    for (const ObjectId& id : ids) {
        auto upper = static_cast<std::size_t>(table.size() * 0.77 + 0.5);
        if (size >= upper) {
            std::vector<const ObjectId*> bigger(table.size() * 2, nullptr);
            for (const ObjectId* old : table)
                if (old) insert(bigger, old);
            table.swap(bigger);
        }
        if (insert(table, &id)) ++size;
    }
    std::vector<ObjectId> out;
    out.reserve(size);
    for (const ObjectId* id : table)
        if (id) out.push_back(*id);
    return out;
}

}  // namespace grit
