#pragma once
// git's D/F check (refs_verify_refname_available): refs live in files named
// after them, so "refs/heads/a" and "refs/heads/a/b" cannot both exist, nor
// be written in the same transaction.
#include <set>
#include <string>
#include <string_view>

namespace grit {

class PackedRefs;
class RefStore;

// Empty when `refname` may be created beside the refs of `refs` (loose and
// packed) and the other names of its transaction (`extras`); otherwise git's
// message: "'refs/heads/a' exists; cannot create 'refs/heads/a/b'" or
// "cannot process 'refs/heads/a/b' and 'refs/heads/a' at the same time".
std::string refname_conflict(const RefStore& refs, std::string_view refname, const std::set<std::string>& extras);

// The same against the records of a packed-refs file only.
std::string packed_refname_conflict(const PackedRefs& packed, std::string_view refname,
                                    const std::set<std::string>& extras);

}  // namespace grit
