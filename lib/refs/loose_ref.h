#pragma once
// One loose ref file of the files backend: "ref: <target>" (a symbolic ref),
// a hex object id followed by nothing or whitespace, or a symbolic link into
// refs/ (git's old way of writing symbolic refs).
#include <string>

#include "hash/object_id.h"
#include "refs/ref_store.h"

namespace grit {

enum class LooseState { missing, found, broken };

// missing: no such file (or a directory there); broken: the file holds
// neither form; found: `out` holds the value. Throws IoError when the file
// exists but cannot be read.
LooseState read_loose_ref(const std::string& path, HashAlgo algo, RefValue& out);

}  // namespace grit
