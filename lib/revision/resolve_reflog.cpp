#include <string>

#include "refs/ref_store.h"
#include "refs/reflog.h"
#include "repo/repository.h"
#include "revision/ref_dwim.h"
#include "revision/resolver.h"
#include "util/error.h"

namespace grit {
namespace resolver_detail {

// The branch (or detached id) that "checkout: moving from X to Y" left N
// switches ago, from HEAD's reflog.
std::optional<std::string> Resolver::nth_prior_checkout(unsigned long n) {
    auto entries = read_reflog(reflog_path(repo_.absolute_git_dir(), repo_.common_dir(), "HEAD"), repo_.hash_algo());
    if (!entries) return std::nullopt;
    constexpr std::string_view kPrefix = "checkout: moving from ";
    for (auto it = entries->rbegin(); it != entries->rend(); ++it) {
        std::string_view message = it->message;
        if (message.substr(0, kPrefix.size()) != kPrefix) continue;
        message.remove_prefix(kPrefix.size());
        auto to = message.find(" to ");
        if (to == std::string_view::npos) continue;
        if (--n == 0) return std::string(message.substr(0, to));
    }
    return std::nullopt;
}

// "@{-N}...", "<ref>@{N}", "@{N}"; dates, @{upstream} and @{push} are not supported.
Got Resolver::at_brace(std::string_view name, Lookup lookup, ObjectId& oid) {
    if (name.substr(0, 3) == "@{-") {
        auto close = name.find('}');
        std::string_view digits = name.substr(3, close == std::string_view::npos ? 0 : close - 3);
        unsigned long n = 0;
        bool number = !digits.empty() && digits.size() < 10;
        for (char c : digits) {
            if (c < '0' || c > '9') number = false;
            n = n * 10 + static_cast<unsigned long>(c - '0');
        }
        if (!number || n == 0) return Got::missing;
        auto branch = nth_prior_checkout(n);
        if (!branch) return Got::missing;
        std::string rest(name.substr(close + 1));
        if (rest.empty()) {
            if (auto detached = ObjectId::from_hex(*branch, repo_.hash_algo())) {
                oid = *detached;
                return Got::found;
            }
        }
        return base(*branch + rest, lookup, oid);
    }
    if (name.back() != '}') return Got::missing;
    std::size_t at = name.rfind("@{");
    std::string_view spec = name.substr(at + 2, name.size() - at - 3);
    std::string_view ref = name.substr(0, at);
    if (!spec.empty() && spec[0] == '-') return Got::missing;
    std::string lower;
    for (char c : spec) lower += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    bool nth = !spec.empty() && spec.size() < 9 && spec.find_first_not_of("0123456789") == std::string_view::npos;
    if (spec.empty()) return Got::missing;
    if (!nth) {
        std::string what = lower == "u" || lower == "upstream" ? "upstream branches ('@{upstream}')"
                           : lower == "push"                   ? "push destinations ('@{push}')"
                                                               : "reflog dates ('@{<date>}')";
        unsupported("'" + std::string(name) + "': " + what + " are not supported by grit");
        return Got::unsupported;
    }
    unsigned long n = std::stoul(std::string(spec));

    std::string log, shown;
    if (ref.empty()) {
        DwimRef head = dwim_ref(repo_, "HEAD");
        if (head.count == 0) return Got::missing;
        log = head.full_name;
        oid = head.oid;
        shown = log.substr(0, 11) == "refs/heads/" ? log.substr(11) : "HEAD";
    } else {
        std::string expanded(ref == "@" ? std::string_view("HEAD") : ref);
        if (ref.substr(0, 3) == "@{-") {
            auto close = ref.find('}');
            if (close + 1 != ref.size()) return Got::missing;
            unsigned long k = 0;
            for (char c : ref.substr(3, close - 3)) {
                if (c < '0' || c > '9') return Got::missing;
                k = k * 10 + static_cast<unsigned long>(c - '0');
            }
            auto branch = k ? nth_prior_checkout(k) : std::nullopt;
            if (!branch) return Got::missing;
            expanded = *branch;
        }
        if (ambiguous_path(expanded)) return Got::missing;
        // git's dwim_log: the first rule naming a ref that has a reflog
        // (its own, or that of the ref it points to).
        int found = 0;
        for (std::string_view prefix : {"", "refs/", "refs/tags/", "refs/heads/", "refs/remotes/"}) {
            for (std::string_view suffix : {"", "/HEAD"}) {
                if (!suffix.empty() && prefix != "refs/remotes/") continue;
                std::string full = std::string(prefix) + expanded + std::string(suffix);
                if (!is_valid_refname(full, true)) continue;
                std::string resolved;
                std::optional<ObjectId> value;
                try {
                    value = repo_.refs().resolve(full, &resolved);
                } catch (const CorruptData&) {
                }
                if (!value) continue;
                std::string candidate;
                if (reflog_exists(reflog_path(repo_.absolute_git_dir(), repo_.common_dir(), full)))
                    candidate = full;
                else if (!resolved.empty() && resolved != full &&
                         reflog_exists(reflog_path(repo_.absolute_git_dir(), repo_.common_dir(), resolved)))
                    candidate = resolved;
                else
                    continue;
                if (found++ == 0) {
                    log = candidate;
                    oid = *value;
                }
                if (!warn_ambiguous_refs(repo_)) break;
            }
            if (found && !warn_ambiguous_refs(repo_)) break;
        }
        if (found == 0) return Got::missing;
        warn_if_ambiguous(ref, found, lookup);
        shown = std::string(ref);
    }
    if (n == 0) return Got::found;

    auto entries = read_reflog(reflog_path(repo_.absolute_git_dir(), repo_.common_dir(), log), repo_.hash_algo());
    if (!entries || entries->empty()) throw BadName("log for " + log + " is empty");
    // The value before the Nth most recent update; past a creation entry
    // (old id null) git looks further back.
    if (n <= entries->size()) {
        for (auto i = static_cast<long>(entries->size() - n); i >= 0; --i) {
            const ReflogEntry& entry = (*entries)[static_cast<std::size_t>(i)];
            if (!entry.old_oid.is_null()) {
                oid = entry.old_oid;
                return Got::found;
            }
        }
    }
    throw BadName("log for '" + shown + "' only has " + std::to_string(entries->size()) + " entries");
}

}  // namespace resolver_detail
}  // namespace grit
