#pragma once
// The id of an object: the hash of "<type> <size>\0" followed by its data.
#include <string_view>

#include "hash/object_id.h"

namespace grit {

// Any type name is accepted (hash-object --literally hashes made-up types).
ObjectId hash_object_data(HashAlgo algo, std::string_view type_name, std::string_view data);

}  // namespace grit
