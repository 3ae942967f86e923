#include "refs/ref_filter.h"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "object/object_type.h"
#include "object/tag.h"
#include "odb/object_database.h"
#include "refs/ref_store.h"
#include "repo/repository.h"
#include "revision/resolve.h"
#include "revwalk/commit_reader.h"
#include "util/error.h"
#include "util/wildmatch.h"

namespace grit {

namespace {

bool has_glob(std::string_view p) { return p.find_first_of("*?[\\") != std::string_view::npos; }

// The literal ref paths among the exclusions: these can be skipped whole.
std::vector<std::string> literal_exclusions(const std::vector<std::string>& excluded, bool ignore_case) {
    std::vector<std::string> out;
    if (ignore_case) return out;  // a case-folded glob may match any region
    for (const auto& p : excluded)
        if (!has_glob(p)) out.push_back(p);
    return out;
}

// The longest name prefix every ref matching one of `patterns` has, so that
// the listing only visits that region of packed-refs and of refs/: "refs/"
// without patterns, "refs/tags" for "refs/tags", "refs/tags/" for
// "refs/tags/v*"; never shorter than "refs/", under which all listed refs lie.
std::string listing_prefix(const std::vector<std::string>& patterns, bool ignore_case) {
    const std::string all = "refs/";
    if (patterns.empty() || ignore_case) return all;
    std::optional<std::string> common;
    for (std::string_view p : patterns) {
        std::size_t glob = p.find_first_of("*?[\\");
        std::string_view literal = p;
        if (glob != std::string_view::npos) {
            std::size_t slash = p.substr(0, glob).rfind('/');
            literal = slash == std::string_view::npos ? std::string_view() : p.substr(0, slash + 1);
        }
        if (!common) {
            common = std::string(literal);
        } else {
            std::size_t n = 0;
            while (n < common->size() && n < literal.size() && (*common)[n] == literal[n]) ++n;
            common->resize(n);
        }
    }
    return common->starts_with(all) ? *common : all;
}

// Answers "is this commit reachable from X" and "can this commit reach X"
// for many refs with one memoized walk each, not one walk per ref.
class Reachability {
public:
    explicit Reachability(Repository& repo) : reader_(repo) {}

    // Every commit reachable from `tips`.
    std::unordered_set<ObjectId, ObjectIdHash> reachable_from(const std::vector<ObjectId>& tips) {
        std::unordered_set<ObjectId, ObjectIdHash> seen;
        std::vector<ObjectId> stack(tips.begin(), tips.end());
        std::vector<ObjectId> parents;
        while (!stack.empty()) {
            ObjectId id = stack.back();
            stack.pop_back();
            if (!seen.insert(id).second) continue;
            if (!reader_.read(id, parents)) continue;
            for (const auto& p : parents)
                if (!seen.count(p)) stack.push_back(p);
        }
        return seen;
    }

    // Memo shared by every ref tested against the same targets.
    struct ContainsMemo {
        std::unordered_set<ObjectId, ObjectIdHash> targets;
        std::unordered_map<ObjectId, bool, ObjectIdHash> reaches;
    };

    // Whether `tip` reaches one of memo.targets, by an iterative depth-first
    // walk that records the answer for every commit it finishes.
    bool reaches(const ObjectId& tip, ContainsMemo& memo) {
        struct Frame {
            ObjectId id;
            std::vector<ObjectId> parents;
            std::size_t next = 0;
            bool found = false;
        };
        if (auto it = memo.reaches.find(tip); it != memo.reaches.end()) return it->second;
        std::vector<Frame> stack;
        auto push = [&](const ObjectId& id) {
            if (memo.targets.count(id)) {
                memo.reaches[id] = true;
                return true;
            }
            Frame f{id, {}, 0, false};
            reader_.read(id, f.parents);
            memo.reaches[id] = false;  // provisional: a cycle cannot reach through itself
            stack.push_back(std::move(f));
            return false;
        };
        if (push(tip)) return true;
        while (!stack.empty()) {
            Frame& top = stack.back();
            if (top.found || top.next == top.parents.size()) {
                bool found = top.found;
                memo.reaches[top.id] = found;
                stack.pop_back();
                if (found && !stack.empty()) stack.back().found = true;
                continue;
            }
            ObjectId parent = top.parents[top.next++];
            if (auto it = memo.reaches.find(parent); it != memo.reaches.end()) {
                if (it->second) top.found = true;
                continue;
            }
            if (push(parent)) stack.back().found = true;
        }
        return memo.reaches[tip];
    }

private:
    CommitReader reader_;
};

}  // namespace

bool ref_matches_pattern(std::string_view name, std::string_view pattern, bool ignore_case) {
    if (!pattern.empty() && name.starts_with(pattern) &&
        (name.size() == pattern.size() || name[pattern.size()] == '/' || pattern.back() == '/'))
        return true;
    return wildmatch(pattern, name, ignore_case ? (wm_pathname | wm_casefold) : unsigned{wm_pathname});
}

RefFilterResult filter_refs(Repository& repo, const RefFilterOptions& options) {
    RefFilterResult result;
    auto matches_any = [&](std::string_view name, const std::vector<std::string>& patterns) {
        return std::any_of(patterns.begin(), patterns.end(),
                           [&](const std::string& p) { return ref_matches_pattern(name, p, options.ignore_case); });
    };
    repo.refs().for_each_ref(listing_prefix(options.patterns, options.ignore_case), literal_exclusions(options.excluded, options.ignore_case), [&](const Ref& ref) {
        if (!options.patterns.empty() && !matches_any(ref.name, options.patterns)) return;
        if (matches_any(ref.name, options.excluded)) return;
        if (ref.broken) {
            bool bad_name = !is_valid_refname(ref.name, true);
            result.warnings.push_back((bad_name ? "ignoring ref with broken name " : "ignoring broken ref ") + ref.name);
            return;
        }
        result.refs.push_back(RefItem{ref.name, ref.oid, ref.peeled, ref.symref_target});
    });

    if (!options.points_at.empty()) {
        std::erase_if(result.refs, [&](const RefItem& item) {
            auto wanted = [&](const ObjectId& id) {
                return std::find(options.points_at.begin(), options.points_at.end(), id) != options.points_at.end();
            };
            if (wanted(item.oid)) return false;
            // One level of tag: the object an annotated tag names.
            auto obj = repo.odb().read(item.oid);
            return !(obj && obj->type == ObjectType::tag && wanted(parse_tag(obj->data, repo.hash_algo()).object));
        });
    }

    bool reach_filters = !options.merged.empty() || !options.no_merged.empty() || !options.contains.empty() ||
                         !options.no_contains.empty();
    if (!reach_filters) return result;

    Reachability walk(repo);
    std::vector<std::optional<ObjectId>> commits;
    commits.reserve(result.refs.size());
    for (const auto& item : result.refs) {
        commits.push_back(peel_to_type(repo, item.oid, ObjectType::commit));
    }
    std::unordered_set<ObjectId, ObjectIdHash> merged_set, no_merged_set;
    if (!options.merged.empty()) merged_set = walk.reachable_from(options.merged);
    if (!options.no_merged.empty()) no_merged_set = walk.reachable_from(options.no_merged);
    Reachability::ContainsMemo contains_memo, no_contains_memo;
    contains_memo.targets.insert(options.contains.begin(), options.contains.end());
    no_contains_memo.targets.insert(options.no_contains.begin(), options.no_contains.end());

    std::vector<RefItem> kept;
    for (std::size_t i = 0; i < result.refs.size(); ++i) {
        const auto& commit = commits[i];
        if (!commit) continue;
        if (!options.merged.empty() && !merged_set.count(*commit)) continue;
        if (!options.no_merged.empty() && no_merged_set.count(*commit)) continue;
        if (!options.contains.empty() && !walk.reaches(*commit, contains_memo)) continue;
        if (!options.no_contains.empty() && walk.reaches(*commit, no_contains_memo)) continue;
        kept.push_back(std::move(result.refs[i]));
    }
    result.refs = std::move(kept);
    return result;
}

}  // namespace grit
