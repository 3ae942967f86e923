#pragma once
// Reading refs of the files backend: loose refs, packed-refs (with peeled
// lines), symbolic refs and HEAD.
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hash/object_id.h"
#include "util/error.h"

namespace grit {

// A malformed packed-refs file. Deliberately not a CorruptData, which callers
// treat as one broken ref to skip with a warning: git dies on this one.
class PackedRefsCorrupt : public Error {
    using Error::Error;
};

struct RefValue {
    std::optional<ObjectId> oid;  // set for a direct ref
    std::string symref_target;    // set for a symbolic ref ("refs/heads/main")
    bool is_symbolic() const { return !symref_target.empty(); }
};

struct Ref {
    std::string name;
    ObjectId oid;
    std::optional<ObjectId> peeled;  // from packed-refs "^" lines when known
    std::string symref_target;       // the ref it points to, when symbolic
    // A ref git lists although it cannot be read (bad name or malformed
    // loose file); oid is then null. git warns "ignoring broken ref".
    bool broken = false;
};

class RefStore {
public:
    // gitdir: per-worktree refs (HEAD, refs/bisect/, refs/worktree/,
    // refs/rewritten/); common_dir: everything else. Both absolute (or
    // relative to the process's directory). common_dir_as_spelled is how
    // messages name the common dir (git's ".git"), defaulting to common_dir.
    RefStore(std::string git_dir, std::string common_dir, HashAlgo algo, std::string common_dir_as_spelled = "");
    ~RefStore();

    // One level: what the ref file (or packed-refs line) says. nullopt if
    // absent. Throws CorruptData("ignoring broken ref <name>") when the loose
    // file holds neither "ref: ..." nor an object id.
    std::optional<RefValue> read_raw(std::string_view name) const;
    // Follows symbolic refs (at most 5 levels, as git). nullopt if it does not
    // resolve (unborn branch, missing ref, dangling symbolic ref, loop).
    // *resolved_name gets the last name reached. Throws CorruptData when
    // `name` itself is a malformed loose ref (git's "ignoring broken ref").
    // A malformed packed-refs file throws PackedRefsCorrupt (fatal in git).
    std::optional<ObjectId> resolve(std::string_view name, std::string* resolved_name = nullptr) const;
    // All refs under prefix ("refs/" for all), sorted by name, loose refs
    // overriding packed ones, symbolic refs resolved, as git 2.39 lists them:
    // dangling symbolic refs and *.lock files left out, broken refs included
    // with `broken` set (left out too when GIT_REF_PARANOIA is false).
    void for_each_ref(std::string_view prefix, const std::function<void(const Ref&)>& fn) const;
    // The same, skipping every ref named P or under P/ for each P of
    // `excluded` (literal ref paths, no globs): packed-refs regions are jumped
    // over by binary search and excluded loose directories are not read.
    void for_each_ref(std::string_view prefix, const std::vector<std::string>& excluded,
                      const std::function<void(const Ref&)>& fn) const;
    bool exists(std::string_view name) const;
    // Where the loose file of `name` lives (git dir or common dir).
    std::string loose_path(std::string_view name) const;
    // Follows symbolic refs as git's resolve_ref_unsafe without
    // RESOLVE_REF_READING: the name finally reached (which need not exist),
    // or nullopt for a loop, deeper than 5 levels, or an invalid name.
    // *is_symbolic tells whether `name` itself is symbolic. With
    // follow == false, stops after one level.
    std::optional<std::string> resolve_name(std::string_view name, bool follow, bool* is_symbolic) const;

    // The packed-refs file is mapped once and then reused. A writer calls
    // this after taking its locks, or after replacing the file: the next read
    // maps the file again if it changed on disk (inode, size or mtime).
    void refresh_packed_refs() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// git check-ref-format rules.
bool is_valid_refname(std::string_view name, bool allow_onelevel);

}  // namespace grit
