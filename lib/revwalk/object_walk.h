#pragma once
// The object half of `git rev-list --objects`: trees and blobs reachable from
// the shown commits, in git 2.39's order. Objects named directly (tags, trees,
// blobs) come first in argument order, then each shown commit's root tree,
// depth first in stored entry order, each object once, never one that is
// reachable from an uninteresting boundary commit. Names are paths from the
// root ("" for a root tree).
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hash/object_id.h"
#include "object/object_type.h"
#include "revwalk/object_flags.h"

namespace grit {

class ObjectDatabase;

enum class MissingAction { error, allow_any, print };

struct ObjectFilter {
    enum class Kind { none, blob_none, blob_limit };
    Kind kind = Kind::none;
    std::uint64_t blob_limit = 0;  // blobs of at least this size are omitted
};

class ObjectWalk {
public:
    // shown: an object and its name, after it passed the filter and exists.
    using Show = std::function<void(const ObjectId&, ObjectType, std::string_view name)>;
    ObjectWalk(ObjectDatabase& odb, MissingAction missing, ObjectFilter filter, Show show);

    // Sizes the seen table for about n objects.
    void expect(std::size_t n) { flags_.reserve(n); }
    // An object named on the command line (tag, tree or blob), in order.
    void add_pending(const ObjectId& id, ObjectType type, std::string name);
    // Marks a tree and everything in it uninteresting (an edge commit's tree,
    // or a ^tree argument).
    void mark_tree_uninteresting(const ObjectId& tree);
    // Queues a shown commit's root tree.
    void add_commit_tree(const ObjectId& tree);
    // Lists what is pending. Throws Error with git's fatal messages
    // ("bad tree object <oid>", "missing blob object '<oid>'").
    void flush();

    // Missing objects (--missing=print) and filtered-out ones, as git
    // records them.
    const std::vector<ObjectId>& missing() const { return missing_; }
    const std::vector<ObjectId>& omitted() const { return omitted_; }

private:
    enum Flag : std::uint8_t { seen = 1, uninteresting = 2 };
    struct Pending {
        ObjectId id;
        ObjectType type;
        std::string name;
    };
    std::uint8_t& flags(const ObjectId& id) { return flags_.at(id); }
    void process_tree(const ObjectId& id);
    void process_blob(const ObjectId& id, std::string_view name_part, bool user_given);
    bool filtered_out(const ObjectId& blob);
    bool exists_or_recorded(const ObjectId& id, ObjectType type);
    void mark_contents_uninteresting(const ObjectId& tree);

    ObjectDatabase& odb_;
    MissingAction missing_action_;
    ObjectFilter filter_;
    Show show_;
    ObjectFlags flags_;
    std::vector<Pending> pending_;
    std::string path_;
    std::vector<ObjectId> missing_;
    std::vector<ObjectId> omitted_;
};

// The order git's oidset (a khash table of `initial_buckets` buckets, keyed
// by the first four bytes of the id) lists the given ids in.
std::vector<ObjectId> oidset_order(const std::vector<ObjectId>& ids, std::uint32_t initial_buckets);

}  // namespace grit
