#pragma once
// git prune-packed: loose objects that a pack (of this object directory)
// also holds are deleted, fan-out directory by directory; emptied
// directories are removed. A dry run lists "rm -f <path>" instead.
#include <functional>
#include <string_view>

#include "util/progress.h"

namespace grit {

class ObjectDatabase;

// `out` gets the dry run's lines, `err` git's "warning: unable to unlink"
// lines (without "\n").
void prune_packed_objects(ObjectDatabase& odb, bool dry_run, const std::function<void(std::string_view)>& out,
                          const std::function<void(std::string_view)>& err, ProgressSink progress);

}  // namespace grit
