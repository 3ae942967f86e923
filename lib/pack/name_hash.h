#pragma once
// git's version-1 path name hash (pack_name_hash): a sortable number built from
// the last sixteen non-whitespace bytes of the path, the last ones weighing the
// most, so that paths ending alike ("*.c", "Makefile") sort next to each other
// in the delta search.
#include <cstdint>
#include <string_view>

namespace grit {

// Same values as git's pack_name_hash; 0 for an empty path. Stops at a NUL
// byte as git's C string would.
std::uint32_t pack_name_hash(std::string_view path);

}  // namespace grit
