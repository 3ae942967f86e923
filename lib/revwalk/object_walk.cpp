#include "revwalk/object_walk.h"

#include <limits>
#include <utility>

#include "object/tree.h"
#include "odb/delta_base_cache.h"
#include "odb/object_database.h"
#include "odb/pack_file.h"
#include "revwalk/object_positions.h"
#include "revwalk/oid_set.h"
#include "util/error.h"

namespace grit {

namespace {

// Per-object state, one byte per position.
enum Flag : std::uint8_t {
    seen = 1,
    uninteresting = 2,
    checked = 4,          // existence looked up (objects outside packs)
    absent = 8,           // ... and not found
    not_user_given = 16,  // reached through a tree: filters apply (git's NOT_USER_GIVEN)
    in_omitted = 32,         // in the omitted set now
};

// git's list_objects_filter_result bits.
enum FilterResult : unsigned { mark_seen = 1, do_show = 2, skip_tree = 4 };

constexpr std::uint32_t kNeverSeen = std::numeric_limits<std::uint32_t>::max();

}  // namespace

struct ObjectWalk::State {
    struct Pending {
        ObjectId id;
        std::uint32_t pos;
        ObjectType type;
        std::string name;
    };

    ObjectDatabase& odb;
    MissingAction missing_action;
    ObjectFilter filter;
    Show show;
    ObjectPositions positions;
    std::vector<std::uint8_t> flags;        // by position
    std::vector<std::uint32_t> depth_seen;  // tree:<depth>: shallowest depth each tree was met at
    std::uint32_t depth = 0;
    DeltaBaseCache cache;
    std::vector<Pending> pending;
    std::string path;
    std::vector<ObjectId> missing;
    std::vector<std::pair<ObjectId, bool>> omit_log;  // changes to the omitted set: (id, added)
    bool track_omitted = true;

    State(ObjectDatabase& o, MissingAction m, ObjectFilter f, Show s)
        : odb(o), missing_action(m), filter(f), show(std::move(s)), positions(o) {
        flags.resize(positions.size());
    }

    std::uint32_t position(const ObjectId& id) {
        std::uint32_t pos = positions.position(id);
        if (pos >= flags.size()) flags.resize(positions.size());
        return pos;
    }

    bool exists(std::uint32_t pos, const ObjectId& id) {
        if (positions.packed(pos)) return true;
        if (!(flags[pos] & checked)) flags[pos] |= odb.contains(id) ? checked : checked | absent;
        return !(flags[pos] & absent);
    }

    // git's finish_object: a shown object must exist, else --missing decides.
    bool finish(std::uint32_t pos, const ObjectId& id, ObjectType type) {
        if (exists(pos, id)) return true;
        switch (missing_action) {
            case MissingAction::error:
                throw Error("missing " + std::string(type_name(type)) + " object '" + id.hex() + "'");
            case MissingAction::allow_any:
                break;
            case MissingAction::print:
                missing.push_back(id);
                break;
        }
        return false;
    }

    void show_object(std::uint32_t pos, const ObjectId& id, ObjectType type, std::string_view name) {
        if (finish(pos, id, type)) show(id, type, name);
    }

    // oidset_insert / oidset_remove on the omitted set; true when the set changed.
    bool omit(std::uint32_t pos, const ObjectId& id, bool add) {
        if (!track_omitted || add == bool(flags[pos] & in_omitted)) return false;
        flags[pos] ^= in_omitted;
        omit_log.emplace_back(id, add);
        return true;
    }

    bool filtering(std::uint32_t pos) const {
        return filter.kind != ObjectFilter::Kind::none && (flags[pos] & not_user_given);
    }

    unsigned filter_blob(std::uint32_t pos, const ObjectId& id) {
        switch (filter.kind) {
            case ObjectFilter::Kind::none:
                break;
            case ObjectFilter::Kind::blob_none:
                omit(pos, id, true);
                return mark_seen;
            case ObjectFilter::Kind::blob_limit: {
                // A blob we do not have is shown, for --missing to decide about.
                auto header = odb.read_header(id);
                if (header && header->type == ObjectType::blob && header->size >= filter.blob_limit) {
                    omit(pos, id, true);
                    return mark_seen;
                }
                omit(pos, id, false);
                break;
            }
            case ObjectFilter::Kind::tree_depth: {
                bool include = depth < filter.tree_depth;
                omit(pos, id, !include);
                return include ? mark_seen | do_show : 0;
            }
        }
        return mark_seen | do_show;
    }

    // git's filter_trees_depth at the start of a tree: a tree is never
    // marked seen, so it is looked at again when met at a shallower depth.
    unsigned filter_tree_begin(std::uint32_t pos, const ObjectId& id) {
        if (filter.kind != ObjectFilter::Kind::tree_depth) return mark_seen | do_show;
        if (depth_seen.size() < flags.size()) depth_seen.resize(flags.size(), kNeverSeen);
        unsigned result;
        bool include = depth < filter.tree_depth;
        if (depth_seen[pos] != kNeverSeen && depth >= depth_seen[pos]) {
            result = skip_tree;
        } else {
            bool changed = omit(pos, id, !include);
            depth_seen[pos] = depth;
            if (include)
                result = do_show;
            else if (track_omitted && changed)
                result = 0;  // descend, to record what the tree holds as omitted too
            else
                result = skip_tree;
        }
        ++depth;
        return result;
    }

    void filter_tree_end() {
        if (filter.kind == ObjectFilter::Kind::tree_depth) --depth;
    }

    std::optional<Object> read_tree(std::uint32_t pos, const ObjectId& id) {
        if (positions.packed(pos)) {
            ObjectPositions::Location at = positions.location(pos);
            try {
                return at.pack->read_object(at.offset, cache);
            } catch (const CorruptData&) {
                // The object database looks for another copy and words the error as git does.
            }
        }
        return odb.read(id);
    }

    void process_blob(std::uint32_t pos, const ObjectId& id, std::string_view name) {
        if (flags[pos] & (seen | uninteresting)) return;
        unsigned r = filtering(pos) ? filter_blob(pos, id) : mark_seen | do_show;
        if (r & mark_seen) flags[pos] |= seen;
        if (!(r & do_show)) return;
        std::size_t base = path.size();
        path.append(name);
        show_object(pos, id, ObjectType::blob, path);
        path.resize(base);
    }

    void process_tree(std::uint32_t pos, const ObjectId& id, std::string_view name) {
        if (flags[pos] & (seen | uninteresting)) return;
        std::optional<Object> object = read_tree(pos, id);
        bool readable = object && object->type == ObjectType::tree;
        if (!readable && missing_action == MissingAction::error) throw Error("bad tree object " + id.hex());
        const std::size_t base = path.size();
        path.append(name);
        const bool filtered = filtering(pos);
        unsigned r = filtered ? filter_tree_begin(pos, id) : mark_seen | do_show;
        if (r & mark_seen) flags[pos] |= seen;
        if (r & do_show) show_object(pos, id, ObjectType::tree, path);
        if (!path.empty()) path.push_back('/');
        if (readable && !(r & skip_tree)) process_entries(object->data, id.algo);
        if (filtered) filter_tree_end();
        path.resize(base);
    }

    void process_entries(std::string_view data, HashAlgo algo) {
        TreeReader reader(data, algo);
        TreeEntry entry;
        while (reader.next(entry)) {
            bool tree = is_tree_mode(entry.mode);
            if (!tree && type_from_mode(entry.mode) != ObjectType::blob) continue;  // gitlink
            std::uint32_t child = position(entry.oid);
            flags[child] |= not_user_given;
            if (tree)
                process_tree(child, entry.oid, entry.name);
            else
                process_blob(child, entry.oid, entry.name);
        }
    }

    void mark_tree_uninteresting(const ObjectId& id) {
        std::uint32_t pos = position(id);
        if (flags[pos] & uninteresting) return;
        flags[pos] |= uninteresting;
        std::optional<Object> object = read_tree(pos, id);
        if (!object || object->type != ObjectType::tree) return;
        TreeReader reader(object->data, id.algo);
        TreeEntry entry;
        while (reader.next(entry)) {
            if (is_tree_mode(entry.mode))
                mark_tree_uninteresting(entry.oid);
            else if (type_from_mode(entry.mode) == ObjectType::blob)
                flags[position(entry.oid)] |= uninteresting;
        }
    }

    void flush() {
        for (const Pending& p : pending) {
            if (flags[p.pos] & (uninteresting | seen)) continue;
            path.clear();
            if (p.type == ObjectType::tag) {
                flags[p.pos] |= seen;
                show_object(p.pos, p.id, ObjectType::tag, p.name);
            } else if (p.type == ObjectType::tree) {
                process_tree(p.pos, p.id, p.name);
            } else if (p.type == ObjectType::blob) {
                process_blob(p.pos, p.id, p.name);
            }
        }
        pending.clear();
        path.clear();
    }

    // Replays the changes to the omitted set into git's oidset.
    OidSet omitted_set(std::uint32_t initial_buckets) const {
        OidSet set(initial_buckets);
        for (const auto& [id, added] : omit_log) {
            if (added)
                set.insert(id);
            else
                set.remove(id);
        }
        return set;
    }
};

ObjectWalk::ObjectWalk(ObjectDatabase& odb, MissingAction missing, ObjectFilter filter, Show show)
    : state_(std::make_unique<State>(odb, missing, filter, std::move(show))) {}

ObjectWalk::~ObjectWalk() = default;

void ObjectWalk::add_pending(const ObjectId& id, ObjectType type, std::string name) {
    state_->pending.push_back(State::Pending{id, state_->position(id), type, std::move(name)});
}

void ObjectWalk::add_commit_tree(const ObjectId& tree) {
    std::uint32_t pos = state_->position(tree);
    state_->flags[pos] |= not_user_given;
    state_->pending.push_back(State::Pending{tree, pos, ObjectType::tree, {}});
}

void ObjectWalk::mark_tree_uninteresting(const ObjectId& tree) { state_->mark_tree_uninteresting(tree); }

void ObjectWalk::mark_blob_uninteresting(const ObjectId& blob) {
    state_->flags[state_->position(blob)] |= uninteresting;
}

void ObjectWalk::flush() { state_->flush(); }

void ObjectWalk::track_omitted(bool on) { state_->track_omitted = on; }

bool ObjectWalk::packed(const ObjectId& id) { return state_->positions.packed(state_->position(id)); }

const std::vector<ObjectId>& ObjectWalk::missing() const { return state_->missing; }

std::vector<ObjectId> ObjectWalk::omitted() const {
    OidSet members = state_->omitted_set(0);
    OidSet listed;
    std::vector<ObjectId> out;
    for (const auto& [id, added] : state_->omit_log)
        if (added && members.contains(id) && listed.insert(id)) out.push_back(id);
    return out;
}

std::vector<ObjectId> ObjectWalk::omitted_in_oidset_order(std::uint32_t initial_buckets) const {
    return state_->omitted_set(initial_buckets).ordered();
}

std::vector<ObjectId> oidset_order(const std::vector<ObjectId>& ids, std::uint32_t initial_buckets) {
    OidSet set(initial_buckets);
    for (const ObjectId& id : ids) set.insert(id);
    return set.ordered();
}

}  // namespace grit
