#pragma once
// Object headers of one pack read in pack (offset) order, as
// `cat-file --batch-check --batch-all-objects --unordered` needs them: each
// entry's header is parsed from the mapping, a delta's type comes from its
// base's already known type instead of a walk down the chain, and a delta's
// size from the first bytes of its data. Nothing else is inflated.
#include <cstdint>
#include <vector>

#include "hash/object_id.h"
#include "object/object_type.h"

namespace grit {

class PackFile;

struct PackedObjectInfo {
    ObjectType type = ObjectType::none;
    std::uint64_t size = 0;
    std::uint64_t disk_size = 0;
    bool is_delta = false;
    ObjectId delta_base;  // when is_delta
};

class PackOrderScan {
public:
    explicit PackOrderScan(PackFile& pack);
    PackFile& pack() { return pack_; }
    // Offsets should come in increasing order for the types to be reused;
    // any offset of an entry works. Throws CorruptData like PackFile does.
    PackedObjectInfo info_at(std::uint64_t offset, bool want_delta_base);

private:
    std::size_t order_of(std::uint64_t offset) const;  // index into offsets_
    ObjectType type_at_order(std::size_t order);
    std::uint64_t delta_size(std::uint64_t offset, const struct PackEntryHeader& h);

    PackFile& pack_;
    std::vector<std::uint64_t> offsets_;      // entry offsets, ascending
    std::vector<std::uint32_t> index_pos_;    // idx position of each, same order
    std::vector<ObjectType> types_;           // resolved type per entry, none until known
    std::uint64_t end_of_entries_ = 0;
    std::size_t cursor_ = 0;  // where the next offset in pack order is expected
};

}  // namespace grit
