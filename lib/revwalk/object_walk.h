#pragma once
// The object half of `git rev-list --objects`: trees and blobs reachable from
// the shown commits, in git 2.39's order. Objects named directly (tags, trees,
// blobs) come first in argument order, then each shown commit's root tree,
// depth first in stored entry order, each object once, never one that is
// reachable from an uninteresting boundary commit. Names are paths from the
// root ("" for a root tree).
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hash/object_id.h"
#include "object/object_type.h"

namespace grit {

class ObjectDatabase;

enum class MissingAction { error, allow_any, print };

struct ObjectFilter {
    enum class Kind { none, blob_none, blob_limit, tree_depth };
    Kind kind = Kind::none;
    std::uint64_t blob_limit = 0;  // blobs of at least this size are omitted
    // tree:<depth>: what lies at least this deep below a root tree is omitted
    // (0 omits every tree, 1 keeps only the root trees, ...).
    std::uint64_t tree_depth = 0;
};

class ObjectWalk {
public:
    // shown: an object and its name, after it passed the filter and exists.
    using Show = std::function<void(const ObjectId&, ObjectType, std::string_view name)>;
    ObjectWalk(ObjectDatabase& odb, MissingAction missing, ObjectFilter filter, Show show);
    ~ObjectWalk();

    // Kept for callers that size their tables: the walk's flag table is
    // sized by the packs it sees, so this does nothing.
    void expect(std::size_t) {}
    // An object named on the command line (tag, tree or blob), in order.
    void add_pending(const ObjectId& id, ObjectType type, std::string name);
    // Marks a tree and everything in it uninteresting (an edge commit's tree,
    // or a ^tree argument).
    void mark_tree_uninteresting(const ObjectId& tree);
    // Marks a blob uninteresting (a ^blob argument).
    void mark_blob_uninteresting(const ObjectId& blob);
    // Queues a shown commit's root tree.
    void add_commit_tree(const ObjectId& tree);
    // Lists what is pending. Throws Error with git's fatal messages
    // ("bad tree object <oid>", "missing blob object '<oid>'").
    void flush();

    // Whether omitted objects are recorded (on by default). git records them
    // only for --filter-print-omitted, and tree:<depth> then also descends
    // into omitted trees to record what they hold.
    void track_omitted(bool on);
    // Whether some pack holds `id` (git's has_object_pack).
    bool packed(const ObjectId& id);

    // Missing objects (--missing=print) and filtered-out ones, as git
    // records them. omitted(): the ids the filter omitted and did not show
    // after all, in the order first omitted.
    const std::vector<ObjectId>& missing() const;
    std::vector<ObjectId> omitted() const;
    // The omitted ids in git's oidset of `initial_buckets` buckets, in the
    // order git lists that set (rev-list --filter-print-omitted).
    std::vector<ObjectId> omitted_in_oidset_order(std::uint32_t initial_buckets) const;

private:
    struct State;
    std::unique_ptr<State> state_;
};

// The order git's oidset (a khash table of `initial_buckets` buckets, keyed
// by the first four bytes of the id) lists the given ids in.
std::vector<ObjectId> oidset_order(const std::vector<ObjectId>& ids, std::uint32_t initial_buckets);

}  // namespace grit
