#pragma once
// What each listed object is and how it is stored (git's get_object_details):
// type and size, read from its pack entry header where it is packed (in pack
// offset order, so the packs are read front to back), else from the object
// database. A packed delta whose base is also listed is kept as a delta to
// reuse as is (unless reuse_delta is off); chains of reused deltas longer
// than max_depth, or cycles, are cut (git's break_delta_chains), and each
// entry's depth set.
#include <cstdint>
#include <functional>

namespace grit {

class ObjectDatabase;
class PackingList;

struct DetailsOptions {
    bool reuse_delta = true;
    unsigned max_depth = 50;
};

// `done` is called after each object (git's "Counting objects").
void find_object_details(PackingList& list, ObjectDatabase& odb, const DetailsOptions& options,
                         const std::function<void()>& done);

}  // namespace grit
