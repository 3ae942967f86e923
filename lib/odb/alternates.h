#pragma once
// Alternate object directories: GIT_ALTERNATE_OBJECT_DIRECTORIES entries
// first, then objects/info/alternates, each followed recursively (at most 5
// levels, like git). Relative entries in an alternates file are relative to
// the objects directory holding it; relative environment entries to the
// current directory. Missing directories and duplicates (including the main
// objects directory) are skipped.
#include <string>
#include <vector>

namespace grit {

std::vector<std::string> resolve_alternates(const std::string& objects_dir,
                                            const std::vector<std::string>& extra_alternates);

}  // namespace grit
