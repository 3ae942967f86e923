#pragma once
// git for-each-ref's --format and --sort: a format string parsed once into
// literals and atoms (with %(if)/%(then)/%(else)/%(end) and %(align) blocks)
// and expanded per ref, with optional --shell/--perl/--python/--tcl quoting
// of each atom's value; sort keys compared as git compares them.
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "refs/ref_atoms.h"
#include "refs/ref_filter.h"
#include "util/error.h"

namespace grit {

class Repository;

// An unterminated "%(": git reports it as a usage error (exit 129).
class MalformedFormat : public Error {
    using Error::Error;
};

enum class QuoteStyle { none, shell, perl, python, tcl };

// Appends `value` quoted for the language (git's sq_quote_buf, perl_quote_buf,
// python_quote_buf, tcl_quote_buf).
void append_quoted(std::string& out, std::string_view value, QuoteStyle style);

class RefFormat {
public:
    // Throws Error with git's message for a malformed format or atom
    // ("malformed format string %(x", "unknown field name: x").
    RefFormat(std::string_view format, QuoteStyle quote, bool color);

    // Appends the expansion for one ref. Throws Error for misnested blocks
    // ("format: %(end) atom used without corresponding atom") and for
    // objects that cannot be read.
    void expand(RefValues& values, std::string& out) const;

private:
    struct Piece {
        bool is_atom;
        std::string literal;
        Atom atom;
    };
    std::vector<Piece> pieces_;
    QuoteStyle quote_;
    bool reset_at_eol_ = false;
};

struct SortKey {
    Atom atom;
    bool reverse = false;
    bool version = false;  // version:refname, v:refname
};

// Parses one --sort value ("-committerdate", "v:refname").
SortKey parse_sort_key(std::string_view key);

// Sorts refs by `keys` (the last key given is the primary one), then by
// name, as git does. ignore_case compares strings case-insensitively.
void sort_refs(Repository& repo, std::vector<RefItem>& refs, const std::vector<SortKey>& keys, bool ignore_case,
               RefContext& context);

// The same order as indexes into `refs` (which must be in name order, as
// filter_refs gives them), reading each ref's keys through values_of(i), so
// that a caller keeping those values formats each ref without reading its
// objects again.
std::vector<std::size_t> sort_order(const std::vector<RefItem>& refs, const std::vector<SortKey>& keys,
                                    bool ignore_case, const std::function<RefValues&(std::size_t)>& values_of);

}  // namespace grit
