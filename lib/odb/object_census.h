#pragma once
// What `git count-objects` counts in an objects directory: loose objects and
// their disk usage, local packs, loose objects a pack also holds, garbage
// files (loose files that are no object; pack-directory files without their
// .pack/.idx pair or of unknown kinds), and the alternates. Garbage is
// reported in git's order and words, as the "warning: ..." lines git prints
// while it looks (and "error: ..." for a loose directory it cannot open).
#include <cstdint>
#include <string>
#include <vector>

#include "hash/object_id.h"

namespace grit {

struct ObjectCensus {
    std::uint64_t loose = 0;
    std::uint64_t loose_disk_bytes = 0;  // st_blocks * 512, as git's on_disk_bytes
    std::uint64_t in_pack = 0;
    std::uint64_t packs = 0;
    std::uint64_t pack_bytes = 0;  // .pack plus .idx sizes
    std::uint64_t prune_packable = 0;
    std::uint64_t garbage = 0;
    std::uint64_t garbage_bytes = 0;
    std::vector<std::string> alternates;   // as git names them
    std::vector<std::string> diagnostics;  // complete stderr lines, in order
};

// objects_dir as the repository spells it (paths in the warnings start with
// it). verbose: count packs and garbage too (count-objects -v); without it
// only loose objects are counted and nothing but unreadable directories is
// reported.
ObjectCensus take_object_census(const std::string& objects_dir, HashAlgo algo, bool verbose,
                                const std::vector<std::string>& extra_alternates);

}  // namespace grit
