#pragma once
// The bytes of a packed-refs file as git 2.39 writes it: the header
// "# pack-refs with: peeled fully-peeled sorted \n", then for each record
// "<hex oid> <refname>\n", followed by "^<hex peeled>\n" for an annotated tag.
// Writers put these bytes in place with a LockFile on "<git-dir>/packed-refs".
#include <optional>
#include <string>
#include <vector>

#include "hash/object_id.h"

namespace grit {

struct PackedRefRecord {
    std::string name;
    ObjectId oid;
    std::optional<ObjectId> peeled;  // the object a tag chain ends at
};

// `records` must be sorted by name (byte order) and unique; throws
// std::invalid_argument otherwise, since git would refuse to read the file.
std::string encode_packed_refs(const std::vector<PackedRefRecord>& records);

}  // namespace grit
