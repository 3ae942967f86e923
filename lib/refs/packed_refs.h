#pragma once
// The packed-refs file: an optional "# pack-refs with: <traits>" header, then
// "<hex oid> <refname>" lines sorted by name, each optionally followed by
// "^<hex oid>" (the peeled value of an annotated tag). The file is mapped,
// looked up by binary search and scanned in place; a file without the
// "sorted" trait is sorted into memory once.
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hash/object_id.h"
#include "util/mapped_file.h"

namespace grit {

struct PackedRef {
    std::string_view name;
    ObjectId oid;
    std::optional<ObjectId> peeled;
};

class PackedRefs {
public:
    // A missing file holds no refs. `display_path` names the file in git's
    // messages ("unexpected line in .git/packed-refs: ...").
    PackedRefs(const std::string& path, std::string display_path, HashAlgo algo);

    // Throws PackedRefsCorrupt with git's message when the file is malformed.
    std::optional<PackedRef> find(std::string_view name) const;
    // Records whose names start with `prefix`, in name order.
    void for_each(std::string_view prefix, const std::function<void(const PackedRef&)>& fn) const;
    // The same, without the records named P or under P/ for each P of
    // `excluded`: each excluded region is found by binary search once and
    // jumped over, its records never parsed.
    void for_each(std::string_view prefix, const std::vector<std::string>& excluded,
                  const std::function<void(const PackedRef&)>& fn) const;
    // Whether a record's "^" line (or its absence) is known to be the whole
    // truth about peeling `name`: the "fully-peeled" trait says so for every
    // record, "peeled" for those under refs/tags/. Otherwise the peeled value
    // must come from the object database.
    bool knows_peeled(std::string_view name) const {
        return fully_peeled_ || (tags_peeled_ && name.starts_with("refs/tags/"));
    }

private:
    const char* locate(std::string_view name, bool must_exist) const;
    // Parses the record at p (and its "^" line); returns the next record.
    const char* parse_record(const char* p, PackedRef& out) const;
    [[noreturn]] void invalid_line(const char* p) const;
    [[noreturn]] void unterminated_line(const char* p) const;
    void sort_records();

    MappedFile file_;
    std::string sorted_;  // owned copy when the file lacks the "sorted" trait
    const char* begin_ = nullptr;
    const char* end_ = nullptr;
    std::string display_;
    HashAlgo algo_;
    bool fully_peeled_ = false, tags_peeled_ = false;
};

}  // namespace grit
