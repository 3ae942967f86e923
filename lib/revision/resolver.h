#pragma once
// Internal to lib/revision: the resolver behind resolve_revision(), split
// over resolve.cpp (names and suffixes), resolve_path.cpp (tree and index
// paths) and resolve_reflog.cpp ("@{...}").
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "revision/resolve.h"
#include "revision/revision_syntax.h"
#include "revision/first_parent_chains.h"
#include "revwalk/commit_reader.h"

namespace grit {

class IndexFile;
class ObjectDatabase;

namespace resolver_detail {

enum class Got { found, missing, ambiguous, unsupported };

// How the name at the bottom of a chain is looked up (git's lookup flags).
struct Lookup {
    Disambiguate hint = Disambiguate::none;
    bool quiet = false;
};

struct TreeHit {
    ObjectId oid;
    std::uint32_t mode = 0;
};

// git refuses ref lookups for names with empty, "." or ".." components.
bool ambiguous_path(std::string_view name);

// One resolution: collects messages, candidates and the fatal diagnosis in `out`.
class Resolver {
public:
    Resolver(Repository& repo, const ResolveOptions& options, Resolution& out);

    Got chain(std::string_view expr, Lookup lookup, ObjectId& oid);
    void tree_path(const RevisionExpression& e);
    void index_path(const RevisionExpression& e, std::string_view expr);
    void message_search(std::string_view pattern);

private:
    Got base(std::string_view name, Lookup lookup, ObjectId& oid);
    Got at_brace(std::string_view name, Lookup lookup, ObjectId& oid);
    std::optional<std::string> nth_prior_checkout(unsigned long n);
    void warn_if_ambiguous(std::string_view name, int refs_found, Lookup lookup);
    Got apply(const RevisionOp& op, std::string_view expr, ObjectId& oid);
    std::optional<ObjectId> commit_reference(const ObjectId& id);
    std::optional<TreeHit> find_in_tree(const ObjectId& tree_ish, std::string_view path);
    std::string diagnose_missing_path(std::string_view rev, const std::string& filename, const ObjectId& tree_ish);
    std::string diagnose_index_path(const IndexFile* index, int stage, const std::string& filename);
    std::string relative_to_top(std::string_view path);
    bool exists_on_disk(const std::string& path, int& error);
    CommitReader& commits() {
        if (options_.commits) return *options_.commits;
        if (!commits_) commits_.emplace(repo_);
        return *commits_;
    }
    FirstParentChains& first_parent_chains() {
        if (options_.first_parent_chains) return *options_.first_parent_chains;
        if (!chains_) chains_.emplace(commits());
        return *chains_;
    }
    void unsupported(std::string why) {
        out_.status = ResolveStatus::unsupported;
        out_.fatal = std::move(why);
    }

    Repository& repo_;
    ObjectDatabase& odb_;
    const ResolveOptions& options_;
    Resolution& out_;
    std::optional<CommitReader> commits_;
    std::optional<FirstParentChains> chains_;
    std::vector<ObjectId> parents_;
};

}  // namespace resolver_detail
}  // namespace grit
