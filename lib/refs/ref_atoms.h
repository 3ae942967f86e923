#pragma once
// The %(atom) fields of git for-each-ref: parsing one atom ("objectname:short=8",
// "*authordate:iso", ...) and computing its value for a ref, reading the
// ref's object (and for "*" atoms the object an annotated tag names) once.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "hash/object_id.h"
#include "odb/object_database.h"
#include "refs/ref_filter.h"
#include "util/date_format.h"

namespace grit {

class Repository;

struct Atom {
    enum class Kind {
        refname, symref, upstream, objectname, objecttype, objectsize, deltabase, tree, parent, numparent,
        object, type, tag, person, subject, body, contents, head, color, align, if_, then, else_, end, raw,
        worktreepath, push, ahead_behind,
    };
    enum class Role { author, committer, tagger, creator };
    enum class Part { whole, name, email, date };
    enum class Name { full, short_name, lstrip, rstrip, track, trackshort };
    enum class Contents { whole, subject, body, signature, lines, body_with_signature };

    Kind kind = Kind::refname;
    bool deref = false;  // "*atom": of the object an annotated tag names
    Name name = Name::full;
    int strip = 0;           // lstrip/rstrip count (negative: keep that many)
    bool nobracket = false;  // upstream:track,nobracket
    int abbrev = -1;         // objectname:short[=N]; -1 full, 0 default length
    bool disk = false;       // objectsize:disk
    Role role = Role::author;
    Part part = Part::whole;
    bool email_trim = false, email_localpart = false;
    DateFormat date_format = DateFormat::normal;
    std::optional<std::string> date_strftime;  // authordate:format:<strftime>
    bool raw_size = false;                     // raw:size
    bool sanitize = false;  // subject:sanitize
    Contents contents = Contents::whole;
    int lines = 0;
    std::string color;       // the escape sequence for %(color:...)
    std::string committish;  // ahead-behind:<committish>
    // %(if:equals=...)/%(if:notequals=...)
    std::optional<std::string> equals, notequals;
    // %(align:...)
    int width = 0;
    enum class Position { left, middle, right } position = Position::left;

    // Whether it sorts numerically (sizes, counts, dates).
    bool numeric() const;
    // Whether computing it reads the ref's own object.
    bool reads_object() const;
};

// Parses the text between "%(" and ")". Throws Error with git's message
// ("unknown field name: x", "unrecognized %(objectname) argument: x", ...;
// a bad color carries "invalid color value: x" in error_lines).
Atom parse_atom(std::string_view text);

// What the atoms of every ref share: HEAD's branch, and for
// %(ahead-behind:X) the commits reachable from X, walked once.
class RefContext {
public:
    // head_ref: what HEAD points to ("refs/heads/main"), empty if detached.
    explicit RefContext(std::string head_ref) : head_ref_(std::move(head_ref)) {}
    const std::string& head_ref() const { return head_ref_; }
    // The commits reachable from `committish`; throws Error("failed to find
    // '<committish>'") when it names no commit.
    const std::unordered_set<ObjectId, ObjectIdHash>& reachable_from(Repository& repo, const std::string& committish);

private:
    std::string head_ref_;
    std::unordered_map<std::string, std::unordered_set<ObjectId, ObjectIdHash>> reachable_;
};

// Values of atoms for one ref; objects are read lazily and kept.
class RefValues {
public:
    RefValues(Repository& repo, const RefItem& ref, RefContext& context);
    ~RefValues();

    // Throws Error("missing object <oid> for <refname>") when the atom needs
    // the ref's object and it cannot be read.
    std::string text(const Atom& atom);
    // For numeric atoms: the size, count or date seconds.
    std::uint64_t number(const Atom& atom);
    // Hands over the ref's own object, read beforehand (see
    // object_prefetch.h), so that it is not read again.
    void provide_object(Object object);

private:
    struct Loaded;
    struct Objects;
    // The ref's object, or with deref the object its tag names (none for a
    // ref that is not a tag), read once. Throws when an object is missing.
    Loaded& load(bool deref);
    Repository& repo_;
    const RefItem& ref_;
    RefContext& context_;
    const std::string& head_ref_;
    std::unique_ptr<Objects> objects_;
};

}  // namespace grit
