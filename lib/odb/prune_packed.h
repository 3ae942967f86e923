#pragma once
// git prune-packed's work: every loose object of the objects directory that
// some pack (of any source) also holds is deleted, subdirectory by
// subdirectory (objects/00 .. objects/ff, files in directory order), and each
// subdirectory left empty is removed.
#include <functional>
#include <string>
#include <string_view>

namespace grit {

class ObjectDatabase;

struct PrunePackedEvents {
    // A loose object that is packed too: deleted unless dry_run, then reported
    // (dry run: git prints "rm -f <path>").
    std::function<void(std::string_view path)> packed_loose;
    // git's "warning: ..." / "error: ..." lines, without the prefix's newline.
    std::function<void(const std::string& line)> diagnostic;
    // After each subdirectory (0..255), for the progress meter.
    std::function<void(unsigned subdir)> subdir_done;
};

void prune_packed_objects(ObjectDatabase& odb, bool dry_run, const PrunePackedEvents& events);

}  // namespace grit
