#pragma once
// git pack-refs for the files backend: the chosen loose refs are merged into
// packed-refs (sorted, with git's header and "^" peeled lines, under
// packed-refs.lock) and only then removed, each under its own <ref>.lock and
// only while it still holds the value that was packed, so a concurrent
// update is never lost and a crash at any point leaves every ref readable.
#include <string>
#include <vector>

namespace grit {

class Repository;

struct PackRefsOptions {
    // wildmatch patterns (without pathname semantics: '*' spans '/') of the
    // loose refs to pack; empty means git's default, "refs/tags/*". --all is "*".
    std::vector<std::string> includes;
    // Patterns of refs left loose even when included (git 2.42's --exclude).
    std::vector<std::string> excludes;
    bool prune = true;  // remove the packed loose files (--no-prune: keep them)
};

// Packs as git 2.39 does: per-worktree refs (refs/bisect/, refs/worktree/,
// refs/rewritten/), symbolic refs and broken loose refs stay loose; refs
// already in packed-refs stay there. Returns git's "error: ..." lines
// (without the prefix), in git's order, for refs that could not be packed or
// pruned; none of them stops the command. Throws IoError with git's lock
// message when packed-refs.lock stays taken for core.packedRefsTimeout, and
// PackedRefsCorrupt for a malformed packed-refs; nothing is changed then.
std::vector<std::string> pack_refs(Repository& repo, const PackRefsOptions& options);

}  // namespace grit
