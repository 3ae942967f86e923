#pragma once
// fsck's first phase: every stored object is read, hashed, parsed and checked
// (loose objects, then for each pack its checksums and its entries by
// offset), on all threads. A pack is verified as index-pack resolves one:
// each entry is inflated once, and a delta is applied to its base while the
// base is still in memory, walking each base's deltas depth first. Any entry
// that goes wrong there is read again the ordinary way (PackFile::read_object),
// which words the failure exactly as git does.
//
// Results are compact (what fsck's graph needs: type, whether the object
// could be read, and the ids it names, as ObjectNumbers numbers); messages
// are kept only for the few objects that have any.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "fsck/fsck.h"
#include "fsck/fsck_messages.h"
#include "fsck/object_numbers.h"
#include "hash/object_id.h"
#include "object/object_type.h"

namespace grit {

class Repository;

// What fsck says about one item.
struct VerifyReport {
    std::vector<std::string> err_lines, out_lines;
    std::string tree_error;  // how a malformed tree fails to decode
    int error_bits = 0;
};

// One item in git's order: loose objects, then for each pack its checksums
// (full fsck only) and its entries by offset.
struct VerifiedItem {
    enum Kind : std::uint8_t { loose, packed, pack_trailer };
    Kind kind = loose;
    bool has_obj = false;  // stored, read and parsed
    ObjectType type = ObjectType::none;
    std::uint8_t edge_store = 0;  // which of Verified::edges holds its edges
    std::uint32_t pack = 0;       // packed, pack_trailer: index among the opened packs
    std::uint32_t number = ObjectNumbers::kNone;  // of its id (not for pack_trailer)
    std::uint32_t edges_first = 0, edges_count = 0;
};

// The ids an object names (tree entries but gitlinks, a commit's tree and
// parents, a tag's object), as numbers, with the type the naming implies.
struct EdgeStore {
    std::vector<std::uint32_t> numbers;
    std::vector<std::uint8_t> types;  // ObjectType values
};

struct Verified {
    std::vector<VerifiedItem> items;
    std::vector<EdgeStore> edges;
    std::vector<std::pair<std::uint32_t, VerifyReport>> reports;  // by item, in item order
    int errors = 0;  // from packs that could not be opened
};

// Lists and verifies everything stored in the repository's object directory.
// Every stored id and every id an object names gets a number in `numbers`.
// Lines about packs that cannot be opened go to the sink at once, as git
// prints them before anything else.
Verified verify_objects(Repository& repo, const FsckOptions& opts, const FsckSeverities& severities,
                        ObjectNumbers& numbers, const FsckSink& sink);

}  // namespace grit
