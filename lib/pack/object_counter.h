#pragma once
// Counting: which objects go into the pack (git's add_object_entry and
// want_object_in_pack). Each offered object is listed once, with the pack
// copy it may be reused from, unless a rule leaves it out: --incremental
// (already packed), --local (borrowed from an alternate), kept packs
// (--honor-pack-keep's .keep files, --keep-pack, --stdin-packs' excluded
// packs). Preferred bases (thin packs: objects the receiver has, found
// through the edge commits' trees by path) are listed but never written.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "hash/object_id.h"
#include "object/object_type.h"
#include "odb/object_database.h"
#include "pack/packing_list.h"

namespace grit {

class PackFile;

struct CountingOptions {
    bool local = false;
    bool incremental = false;
    bool honor_pack_keep = false;         // packs with a .keep file
    std::vector<std::string> keep_packs;  // --keep-pack: pack file names ("pack-<hash>.pack")
    unsigned window = 10;                 // at most this many preferred base trees
};

class ObjectCounter {
public:
    // `seen` is called for every object offered (git's "Enumerating objects").
    ObjectCounter(ObjectDatabase& odb, PackingList& list, CountingOptions options,
                  std::function<void()> seen = {});
    ~ObjectCounter();

    // Offers an object found by name (name: its path, or empty). exclude:
    // a preferred base. Returns whether a new entry was made.
    bool add(const ObjectId& id, ObjectType type, std::string_view name, bool exclude = false);
    // Offers an object of a pack being read whole (--stdin-packs).
    bool add_from_pack(const ObjectId& id, ObjectType type, PackFile* pack, std::uint64_t offset);
    // An edge commit (or tree) the receiver has: its tree becomes a source of
    // preferred bases (at most `window` of them).
    void add_preferred_base(const ObjectId& id);
    // Before offering an object by path: lists what the preferred base trees
    // hold at that path as preferred bases.
    void add_preferred_base_object(std::string_view name);
    // Objects in this pack are left out, as if it had a .keep file.
    void keep_in_core(PackFile* pack);
    // For objects listed without a path (--stdin-packs): walks the trees of
    // the listed commits, through listed trees only, and gives each listed
    // object the name hash of the first path it is found at, so the delta
    // search can pair versions of a file.
    void hint_names();

    // Entries to write (not preferred bases).
    std::uint32_t result_count() const { return result_count_; }

private:
    struct PbaseTree;
    // 1 wanted, 0 not, -1 undecided: look at other packs.
    int want_found(const ObjectId& id, bool exclude, PackFile* pack);
    bool want(const ObjectId& id, bool exclude, PackFile*& pack, std::uint64_t& offset);
    bool in_kept_pack(const ObjectId& id);
    bool is_kept(PackFile* pack) const;
    void add_pbase_path(const std::string& tree_data, std::string_view name, std::string_view fullname);
    void fill(PackingEntry& e, ObjectType type, std::uint32_t hash, bool exclude, PackFile* pack,
              std::uint64_t offset);

    ObjectDatabase& odb_;
    PackingList& list_;
    CountingOptions options_;
    std::function<void()> seen_;
    std::uint32_t result_count_ = 0;
    std::vector<PackSource> packs_;
    bool have_non_local_packs_ = false;
    bool any_kept_ = false;
    std::vector<PackFile*> kept_packs_;
    std::unordered_set<PackFile*> kept_set_;
    std::unordered_set<PackFile*> non_local_;
    unsigned num_preferred_base_ = 0;
    std::vector<std::unique_ptr<PbaseTree>> pbase_trees_;
    std::unordered_set<std::uint32_t> done_pbase_paths_;
};

}  // namespace grit
