#pragma once
// The object store behind one interface: loose objects, packs (through their
// .idx or the multi-pack-index), and alternates, searched in git's order
// (packs first, then loose, then alternates). Thread-compatible: a single
// ObjectDatabase may be read from several threads only through read_* calls
// documented as thread-safe.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hash/object_id.h"
#include "object/object_type.h"

namespace grit {

class Config;
class PackFile;

struct ObjectHeader {
    ObjectType type = ObjectType::none;
    std::uint64_t size = 0;
    // The type name from a loose header when `type` is bad and the caller
    // allowed unknown types (cat-file --allow-unknown-type).
    std::string unknown_type;
};

struct Object {
    ObjectType type = ObjectType::none;
    std::string data;  // exactly the object's size
};

// Where and how an object is stored, for %(objectsize:disk) and %(deltabase).
struct StorageInfo {
    std::uint64_t disk_size = 0;        // compressed bytes in the pack, or loose file size
    std::optional<ObjectId> delta_base;  // set when stored as a delta
};

struct OdbOptions {
    std::uint64_t delta_base_cache_limit = 96u << 20;  // core.deltaBaseCacheLimit
    int loose_compression = 1;                          // core.looseCompression / core.compression
    bool use_multi_pack_index = true;                   // core.multiPackIndex
    std::vector<std::string> extra_alternates;          // GIT_ALTERNATE_OBJECT_DIRECTORIES
    static OdbOptions from_config(const Config& config);
};

class ObjectDatabase {
public:
    ObjectDatabase(std::string objects_dir, HashAlgo algo, OdbOptions options);
    ~ObjectDatabase();

    HashAlgo algo() const;
    const std::string& objects_dir() const;

    // Like git, every lookup knows the empty tree, stored or not (disk size
    // 0, no delta base); enumeration and prefix searches list it only when
    // it is stored.
    bool contains(const ObjectId& id);
    // Whether a pack (of this repository or an alternate) holds the object,
    // as git's has_object_pack() answers it for prune-packed.
    bool contains_packed(const ObjectId& id);
    // Type and size without inflating the body (a delta's result size is read
    // from the delta header). nullopt if the object does not exist. Without
    // want_size a packed delta's size is left 0 and nothing is inflated, so
    // (as in git) its type is known even when its data is damaged.
    //
    // Errors: CorruptData whose error_lines are git's "error: ..." lines for
    // the damage, and whose message is git's fatal for an unreadable object,
    // "loose object <oid> (stored in <path>) is corrupt" or "packed object
    // <oid> (stored in <pack>) is corrupt". A command that only wanted the
    // header (cat-file -t/-s) prints the lines and then its own fatal. An
    // error without error_lines ("invalid object type") is git's own fatal.
    // See loose_store.h and pack_file.h for the lines.
    std::optional<ObjectHeader> read_header(const ObjectId& id, bool allow_unknown_type = false,
                                            bool want_size = true);
    // Whole object, resolving delta chains iteratively through the base
    // cache. Git 2.39 does not verify the hash on reads; neither does this.
    std::optional<Object> read(const ObjectId& id, bool allow_unknown_type = false);
    std::optional<StorageInfo> storage_info(const ObjectId& id);

    // Every object once, alternates included. ordered: by hash. Unordered (as
    // cat-file --unordered): loose objects directory by directory in readdir
    // order, then pack by pack (local first, newest first) in pack offset
    // order; later copies of an object already seen are skipped.
    void for_each_object(bool ordered, const std::function<void(const ObjectId&)>& fn);
    // The unordered enumeration, with where each object is stored: its pack
    // and offset, or pack == nullptr for a loose object. Lets a caller read
    // entry headers in pack order without looking each object up.
    void for_each_object_located(const std::function<void(const ObjectId&, PackFile* pack, std::uint64_t offset)>& fn);

    // Says that the reads that follow come in for_each_object_located()'s
    // order (cat-file --batch --batch-all-objects --unordered): a packed
    // object that other entries are deltas of then stays in the base cache
    // when it is read, instead of being inflated again for its deltas.
    void expect_pack_order();

    // Ids (at most `limit`) whose hex starts with `hex_prefix` (lowercase).
    std::vector<ObjectId> find_by_prefix(std::string_view hex_prefix, std::size_t limit);
    // Shortest length >= min_len at which id's hex prefix is unique (git's rule).
    std::size_t unique_abbrev_len(const ObjectId& id, std::size_t min_len);
    // Approximate object count, for core.abbrev=auto.
    std::uint64_t approximate_object_count();

    // Writes a loose object (temp file + rename) unless it already exists.
    ObjectId write(ObjectType type, std::string_view data);
    // Hash without writing ("blob <size>\0..." framing).
    ObjectId hash(ObjectType type, std::string_view data) const;
    ObjectId hash_literally(std::string_view type_name, std::string_view data) const;
    ObjectId write_literally(std::string_view type_name, std::string_view data);

    // Rescan objects/pack (a pack may have appeared since we started).
    void reprepare();

    // Lines git prints as "error: ..." during lookups that went on without
    // failing: a pack that no longer opens ("packfile <pack> does not match
    // index", ...) is reported each time it is consulted, twice per lookup of
    // an object it holds, and then skipped, so the lookup may end in
    // "missing". Commands print these (in order) before their own output or
    // message for the lookup; taking them clears them.
    std::vector<std::string> take_diagnostics();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace grit
