#pragma once
// Loose objects: objects/xx/yyyy..., each a zlib stream of
// "<type> <size>\0<body>". Reads follow git 2.39 to the byte, including how
// it tolerates a body shorter than its header (zero padded) and does not
// verify the hash on ordinary reads.
//
// Errors. A corrupt object throws CorruptData whose error_lines are the
// lines git prints as "error: ..." before its fatal:
//   "object file <path> is empty"
//   "inflate: <zlib error> (<zlib message>)"   (zlib failures, any stage)
//   "unable to unpack <oid> header"
//   "header for <oid> too long, exceeds 32 bytes"
//   "unable to parse <oid> header"
//   "corrupt loose object '<oid>'"             (body, read() only)
//   "garbage at end of loose object '<oid>'"   (body, read() only)
// The message is git's fatal for reading the whole object, "loose object <oid>
// (stored in <path>) is corrupt"; commands that only ask for the header
// (cat-file -t/-s) print the error lines and then their own fatal. An unknown
// type without allow_unknown_type throws CorruptData("invalid object type")
// with no error lines: git dies with exactly that message.
#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hash/object_id.h"
#include "odb/object_database.h"

namespace grit {

class LooseStore {
public:
    LooseStore(std::string objects_dir, HashAlgo algo);

    const std::string& objects_dir() const { return objects_dir_; }
    // "<objects_dir>/xx/yyyy..."
    std::string path_of(const ObjectId& id) const;
    bool contains(const ObjectId& id) const;
    std::optional<std::uint64_t> file_size(const ObjectId& id) const;

    // nullopt when there is no such file.
    std::optional<ObjectHeader> read_header(const ObjectId& id, bool allow_unknown_type) const;
    std::optional<Object> read(const ObjectId& id, bool allow_unknown_type) const;

    // Writes "<type_name> <size>\0<data>", whose id is `id` (see
    // hash_object_text), compressed at zlib `level` through a temporary file
    // in objects/xx, linked (or renamed) into place with mode 0444; an
    // existing object is never replaced. Throws IoError: with error_lines
    // (git's "insufficient permission for adding an object to repository
    // database <dir>", "unable to create temporary file: <why>", "unable to
    // write file <path>: <why>") before the command's own fatal, or without
    // (git's fatal "unable to write loose object file").
    void write(const ObjectId& id, std::string_view type_name, std::string_view data, int level);

    // Every loose object, directory by directory (00..ff), in readdir order.
    void for_each(const std::function<void(const ObjectId&)>& fn) const;
    // Ids whose hex starts with `hex_prefix` (lowercase), appended to `out`.
    // Directory listings are cached until reset_cache().
    void find_by_prefix(std::string_view hex_prefix, std::vector<ObjectId>& out);
    void reset_cache();

private:
    const std::vector<ObjectId>& listing(int dir);

    std::string objects_dir_;
    HashAlgo algo_;
    std::array<std::optional<std::vector<ObjectId>>, 256> listings_;
};

// Computes the id of "<type_name> <size>\0<data>".
ObjectId hash_object_text(HashAlgo algo, std::string_view type_name, std::string_view data);

}  // namespace grit
