#pragma once
// gitrevisions(7): turning a revision expression ("HEAD~2", "v1.0^{tree}",
// "abc1234:src/main.c", "main") into an object id, and abbreviating ids back.
//
// Resolution never prints and never throws for a name that does not resolve:
// the result says what happened, and carries the stderr lines git prints while
// resolving (warnings, the ambiguous-short-id report, peel errors) so that each
// command prints them and then its own fatal message. Only corrupt objects or
// refs throw (CorruptData), and, where git dies, BadName: a relative path
// that cannot be used ("HEAD:../../x" outside the work tree), a reflog entry
// that is not there ("log for 'main' only has 3 entries").
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hash/object_id.h"
#include "object/object_type.h"

namespace grit {

class CommitReader;
class FirstParentChains;
class Repository;

// Which objects a short hex id may name when several share the prefix (git's
// GET_OID_COMMIT, _COMMITTISH, _TREE, _TREEISH, _BLOB). A suffix in the
// expression narrows this by itself: "abcd^{tree}" and "abcd:path" consider
// tree-ishes, "abcd~1" commit-ishes. `none` falls back to core.disambiguate.
enum class Disambiguate { none, commit, committish, tree, treeish, blob };

struct ResolveOptions {
    Disambiguate hint = Disambiguate::none;
    // git's GET_OID_QUIETLY (rev-parse -q): no warnings, no ambiguity report.
    bool quiet = false;
    // Warn when a full hex id is also a ref name (git's
    // warn_on_object_refname_ambiguity; cat-file --batch turns it off).
    bool warn_hex_refname = true;
    // Where "~N" and "^N" read parents. A reader kept across resolutions
    // (rev-parse with many arguments) reads each commit once; null: a reader
    // for this resolution only.
    CommitReader* commits = nullptr;
    // Where "~N" finds first-parent ancestors: memoized chains kept across
    // resolutions (over `commits`); null: chains for this resolution only.
    FirstParentChains* first_parent_chains = nullptr;
};

enum class ResolveStatus {
    found,
    // Nothing by that name: no ref, no object with that short id, or a suffix
    // that does not apply (HEAD~99 past the root, ^2 of a single-parent commit,
    // ^{tree} of a blob, a path that is not in the tree).
    not_found,
    // A short hex id matching several objects; `candidates` lists them and
    // `messages` holds git's report.
    ambiguous,
    // Syntax grit does not implement (reflog dates "@{yesterday}",
    // "@{upstream}", "@{push}"); `fatal` says so, as a complete sentence.
    unsupported,
};

struct Resolution {
    ResolveStatus status = ResolveStatus::not_found;
    ObjectId oid;  // valid when found

    // For "<rev>:<path>" and ":<path>": the tree or index entry's mode and its
    // full path from the top (git's object_context), as cat-file needs.
    // For "<rev>:" (the root tree) mode is 040000 and path is empty.
    std::optional<std::uint32_t> mode;
    std::string path;

    // Complete stderr lines in git's order, printed by the command whether or
    // not resolution succeeded, unless it prints nothing (rev-parse -q):
    //   "warning: refname 'x' is ambiguous."
    //   "error: short object ID abcd is ambiguous"
    //   "hint: The candidates are:"
    //   "hint:   abcd123 commit 2005-04-07 - subject"
    //   "error: HEAD^{blob}: expected blob type, but the object dereferences to commit type"
    std::vector<std::string> messages;

    // When git would die with a more specific message than the command's
    // own "Not a valid object name x" (git's "only to die" diagnosis, which
    // cat-file -t/-s/-e/-p/<type> uses, and rev-parse for an argument that is
    // neither a revision nor a file), that message without "fatal: ":
    //   "path 'x' does not exist in 'HEAD'"
    //   "path 'x' exists on disk, but not in 'HEAD'"
    //   "path 'a/x' exists, but not 'x'\nhint: Did you mean 'HEAD:a/x' aka 'HEAD:./x'?"
    //   "invalid object name 'HEAD'." (for "HEAD:path" with an unborn HEAD)
    //   "path 'x' does not exist (neither on disk nor in the index)"
    //   "path 'x' is in the index, but not at stage 2\nhint: Did you mean ':1:x'?"
    // and for `unsupported`, why. Empty otherwise.
    std::string fatal;

    // The objects an ambiguous short id matched, sorted as git lists them:
    // tags, commits, trees, blobs, each group by id.
    std::vector<ObjectId> candidates;

    bool found() const { return status == ResolveStatus::found; }
};

// Resolves a revision expression (gitrevisions(7)) in `repo`:
//   full hex (not checked for existence, as git); abbreviated hex (>= 4 digits,
//   a ref of the same name wins with a warning); "describe" output
//   ("v1.0-3-gabcdef1"); HEAD, "@", refs in git's DWIM order (<name>,
//   refs/<name>, refs/tags/, refs/heads/, refs/remotes/, refs/remotes/<name>/HEAD);
//   "<ref>@{N}", "@{N}" (reflog entries), "@{-N}" (the Nth previous checkout);
//   suffixes ^, ^N, ~, ~N, ^{}, ^{commit|tree|blob|tag|object}, ^{/regex} in
//   any chain; ":/regex" (newest commit reachable from any ref whose message matches);
//   "<rev>:<path>" (paths starting "./" or "../" are relative to the current
//   directory inside the work tree), "<rev>:" for the root tree; ":<path>" and
//   ":<stage>:<path>" from the index ($GIT_INDEX_FILE or $GIT_DIR/index).
Resolution resolve_revision(Repository& repo, std::string_view expr, const ResolveOptions& options = {});

// The shortest unique abbreviation of `id` that is at least `min_len` hex
// digits (git's find_unique_abbrev). min_len < 0 means core.abbrev (default
// "auto": scaled by the number of objects, at least 7). A length >= the full
// hex size returns the full hex.
std::string abbreviate(Repository& repo, const ObjectId& id, int min_len = -1);

// The default abbreviation length: core.abbrev as an integer (4..hex size),
// or for "auto"/unset git's estimate from the object count (at least 7).
// Throws ConfigError with git's message for a bad core.abbrev.
int default_abbrev_len(Repository& repo);

// Peels `id` to an object of type `want` as "^{type}" does: tags are followed
// to their target, a commit gives its tree; ObjectType::none ("^{}") follows
// tags only. nullopt if the object (or a tag's target) is missing or cannot
// become `want`; *reached (if given) is then the type where peeling stopped
// (ObjectType::none when an object was missing). Throws CorruptData on a
// malformed tag or commit.
std::optional<ObjectId> peel_to_type(Repository& repo, const ObjectId& id, ObjectType want,
                                     ObjectType* reached = nullptr);

}  // namespace grit
