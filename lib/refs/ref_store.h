#pragma once
// Reading refs of the files backend: loose refs, packed-refs (with peeled
// lines), symbolic refs and HEAD.
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "hash/object_id.h"

namespace grit {

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
};

class RefStore {
public:
    // gitdir: per-worktree refs (HEAD); common_dir: everything else.
    RefStore(std::string git_dir, std::string common_dir, HashAlgo algo);
    ~RefStore();

    // One level: what the ref file (or packed-refs line) says. nullopt if absent.
    std::optional<RefValue> read_raw(std::string_view name) const;
    // Follows symbolic refs (at most 5 levels, as git). nullopt if it does not
    // resolve (unborn branch, missing ref). Throws CorruptData on a malformed ref.
    std::optional<ObjectId> resolve(std::string_view name, std::string* resolved_name = nullptr) const;
    // All refs under prefix ("refs/" for all), sorted by name, symbolic refs resolved.
    void for_each_ref(std::string_view prefix, const std::function<void(const Ref&)>& fn) const;
    bool exists(std::string_view name) const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// git check-ref-format rules.
bool is_valid_refname(std::string_view name, bool allow_onelevel);

}  // namespace grit
