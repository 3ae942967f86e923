#pragma once
// Object positions for walks over a whole repository: every object gets a
// small integer, so that per-object state is a byte in a flat table instead
// of a node in a hash table. A packed object's position is its row in its
// pack's .idx (packs laid end to end, searched in a fixed order so a copy in
// two packs always gets the same position); any other object (loose, in an
// alternate without a pack, missing, the unstored empty tree) gets the next
// free position from a small side table on first lookup. Nothing is
// allocated per packed object.
//
// A tree walk asks for the same ids again and again (each new version of a
// directory repeats most entries of the last one), so recent answers are
// kept in a small direct-mapped cache: a repeated id costs one probe of a
// table that stays in cache instead of a search of the .idx.
#include <array>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "hash/object_id.h"

namespace grit {

class ObjectDatabase;
class PackFile;

class ObjectPositions {
public:
    explicit ObjectPositions(ObjectDatabase& odb);

    // The position of `id`; assigns one from the side table when no pack has it.
    std::uint32_t position(const ObjectId& id);
    // Whether the position is a packed object's (then location() applies).
    bool packed(std::uint32_t pos) const { return pos < packed_count_; }
    // The pack and offset of a packed position.
    struct Location {
        PackFile* pack;
        std::uint64_t offset;
    };
    Location location(std::uint32_t pos) const;
    // Positions handed out so far: packed objects plus side-table entries.
    std::uint32_t size() const { return packed_count_ + static_cast<std::uint32_t>(side_.size()); }
    std::uint32_t packed_count() const { return packed_count_; }

private:
    static constexpr std::uint32_t kNone = 0xffffffff;
    struct Pack {
        PackFile* pack;
        std::uint32_t first;  // position of the pack's row 0
    };
    struct Recent {
        std::array<std::uint64_t, 4> key;  // the id's 32 bytes (unused ones zero)
        std::uint32_t pos = kNone;
    };
    static constexpr std::size_t kRecentSlots = 1 << 16;
    std::uint32_t lookup(const ObjectId& id);

    std::vector<Recent> recent_;
    std::vector<Pack> packs_;
    std::uint32_t packed_count_ = 0;
    std::unordered_map<ObjectId, std::uint32_t, ObjectIdHash> side_;
};

}  // namespace grit
