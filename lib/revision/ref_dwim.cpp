#include "revision/ref_dwim.h"

#include "refs/ref_store.h"
#include "repo/repository.h"
#include "util/error.h"

namespace grit {

namespace {

struct Rule {
    std::string_view prefix;
    std::string_view suffix;
};

// git's ref_rev_parse_rules, in priority order.
constexpr Rule kRules[] = {
    {"", ""},           {"refs/", ""},         {"refs/tags/", ""},
    {"refs/heads/", ""}, {"refs/remotes/", ""}, {"refs/remotes/", "/HEAD"},
};
constexpr int kRuleCount = sizeof kRules / sizeof kRules[0];

std::string apply_rule(const Rule& rule, std::string_view name) {
    std::string full;
    full.reserve(rule.prefix.size() + name.size() + rule.suffix.size());
    full.append(rule.prefix).append(name).append(rule.suffix);
    return full;
}

// The short name `full` has under `rule`, if the rule can produce it. As in
// git 2.39 (whose scanf pattern stops at the variable part), only the prefix
// must match: "refs/remotes/<x>/HEAD" offers "<x>" only through the
// "refs/remotes/" part, so refs/remotes/origin/HEAD shortens to "origin/HEAD".
std::optional<std::string_view> match_rule(const Rule& rule, std::string_view full) {
    if (full.size() <= rule.prefix.size()) return std::nullopt;
    if (full.substr(0, rule.prefix.size()) != rule.prefix) return std::nullopt;
    return full.substr(rule.prefix.size());
}

bool ref_resolves(RefStore& refs, const std::string& name) {
    if (!is_valid_refname(name, true)) return false;
    try {
        return refs.resolve(name).has_value();
    } catch (const CorruptData&) {
        return false;
    }
}

}  // namespace

bool warn_ambiguous_refs(Repository& repo) {
    return repo.config().get_bool("core.warnambiguousrefs").value_or(true);
}

DwimRef dwim_ref(Repository& repo, std::string_view name) {
    DwimRef result;
    if (name == "@") name = "HEAD";
    RefStore& refs = repo.refs();
    bool keep_looking = warn_ambiguous_refs(repo);
    for (const Rule& rule : kRules) {
        std::string full = apply_rule(rule, name);
        if (!is_valid_refname(full, true)) continue;
        std::string resolved;
        std::optional<ObjectId> oid;
        try {
            oid = refs.resolve(full, &resolved);
        } catch (const CorruptData&) {
            if (full.find('/') != std::string::npos)
                result.messages.push_back("warning: ignoring broken ref " + full);
            continue;
        }
        if (oid) {
            if (result.count++ == 0) {
                result.oid = *oid;
                result.full_name = resolved.empty() ? full : resolved;
            }
            if (!keep_looking) break;
        } else if (full != "HEAD") {
            auto raw = refs.read_raw(full);
            if (raw && raw->is_symbolic())
                result.messages.push_back("warning: ignoring dangling symref " + full);
        }
    }
    return result;
}

std::string shorten_ref(Repository& repo, std::string_view full_name, bool strict) {
    RefStore& refs = repo.refs();
    // The first rule ("<name>" itself) always matches, so it is never the answer.
    for (int i = kRuleCount - 1; i > 0; --i) {
        auto short_name = match_rule(kRules[i], full_name);
        if (!short_name) continue;
        int rules_to_check = strict ? kRuleCount : i;
        bool ambiguous = false;
        for (int j = 0; j < rules_to_check && !ambiguous; ++j)
            if (j != i && ref_resolves(refs, apply_rule(kRules[j], *short_name))) ambiguous = true;
        if (!ambiguous) return std::string(*short_name);
    }
    return std::string(full_name);
}

}  // namespace grit
