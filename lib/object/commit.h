#pragma once
// Zero-copy parsing of commit objects. Views point into the caller's buffer,
// which must outlive the ParsedCommit.
#include <optional>
#include <string_view>
#include <vector>

#include "hash/object_id.h"

namespace grit {

struct ParsedCommit {
    ObjectId tree;
    std::vector<ObjectId> parents;
    std::string_view author;     // "Name <email> 1234567890 +0000"
    std::string_view committer;
    std::string_view encoding;   // empty if absent
    std::string_view headers;    // everything before the blank line
    std::string_view message;    // everything after it
};

// Throws CorruptData when the tree/parent lines are malformed (git's
// "bogus commit object <oid>" is for the caller to phrase).
ParsedCommit parse_commit(std::string_view data, HashAlgo algo);

// The "<name> <email> <date> <tz>" header of a person line.
struct PersonLine {
    std::string_view name;   // without trailing space
    std::string_view email;  // without <>
    std::string_view date;   // "<seconds> <tz>", may be empty
};
std::optional<PersonLine> parse_person(std::string_view line);

// Value of the first header line "<key> <value>" in a header block, if any.
std::optional<std::string_view> find_header(std::string_view headers, std::string_view key);

}  // namespace grit
