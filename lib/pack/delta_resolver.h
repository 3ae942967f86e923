#pragma once
// Resolving the deltas of a pack that was read once front to back (see
// pack_stream_reader.h): each whole object that deltas are based on is
// inflated again from the pack, its deltas applied, their results hashed, and
// so on down each delta tree. Trees are walked depth first on a pool of
// threads; a base's data is shared by its pending children and freed with the
// last of them, so memory follows the depth of the chains being walked, not
// the size of the pack.
//
// Errors: CorruptData with git's messages — "pack has bad object at offset
// N: failed to apply delta", "serious inflate inconsistency", "REF_DELTA at
// offset N already resolved (duplicate base <oid>?)" — or whatever the
// on_resolved hook throws; the first error stops every thread and is
// rethrown by the call that started them.
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "hash/object_id.h"
#include "object/object_type.h"

namespace grit {

class Progress;

// One entry of a pack, in pack order.
struct IndexedObject {
    ObjectId id;  // whole objects: from the first pass; deltas: once resolved
    std::uint64_t offset = 0;
    std::uint64_t size = 0;  // inflated size of the entry (the delta itself for deltas)
    std::uint32_t crc32 = 0;
    std::uint32_t header_len = 0;
    ObjectType type = ObjectType::none;       // as stored
    ObjectType real_type = ObjectType::none;  // the object's type; a delta's once resolved
};

struct DeltaEdges {
    std::vector<std::pair<std::uint64_t, std::uint32_t>> ofs;  // (base offset, delta index)
    std::vector<std::pair<ObjectId, std::uint32_t>> ref;       // (base id, delta index)
};

class DeltaResolver {
public:
    // Called (from any thread) for each delta once resolved, with its id,
    // type and data; may throw to stop the resolution.
    using OnResolved = std::function<void(const ObjectId& id, ObjectType type, std::string_view data)>;

    // `objects` stays owned by the caller and may grow (appended bases) only
    // between calls. `pack` holds the bytes of every entry of `objects` that
    // resolve() may read; `end_of_entries` is where the last entry ends.
    DeltaResolver(std::vector<IndexedObject>& objects, DeltaEdges edges, HashAlgo algo, OnResolved on_resolved);
    ~DeltaResolver();

    // A meter the resolved count is reported to (null: none).
    void set_progress(Progress* progress) { progress_ = progress; }
    std::uint32_t delta_count() const { return static_cast<std::uint32_t>(edges_.ofs.size() + edges_.ref.size()); }
    std::uint32_t resolved_count() const { return resolved_.load(); }

    // Resolves every delta reachable from the whole objects of the pack.
    void resolve(std::string_view pack, std::uint64_t end_of_entries, unsigned threads);
    // Resolves the deltas below objects[index], a base appended to complete
    // a thin pack, whose content is `data`.
    void resolve_below(std::uint32_t index, std::string data);
    // Whether objects[index] (a delta) has been resolved.
    bool is_resolved(std::uint32_t index) const { return claimed_[index].load() != 0; }
    // The ref_delta entries not resolved, in pack order, with their base ids.
    std::vector<std::pair<std::uint32_t, ObjectId>> unresolved_ref_deltas() const;

private:
    struct Task;
    struct Pool;
    void run(Pool& pool);
    void process(Task task, Pool& pool);
    std::string inflate(std::uint32_t index) const;

    std::vector<IndexedObject>& objects_;
    DeltaEdges edges_;
    HashAlgo algo_;
    OnResolved on_resolved_;
    Progress* progress_ = nullptr;
    std::string_view pack_;
    std::uint64_t end_of_entries_ = 0;
    std::unique_ptr<std::atomic<std::uint8_t>[]> claimed_;
    std::atomic<std::uint32_t> resolved_{0};
};

}  // namespace grit
