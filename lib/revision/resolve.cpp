#include "revision/resolve.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "index/index_file.h"
#include "object/commit.h"
#include "object/tag.h"
#include "object/tree.h"
#include "odb/object_database.h"
#include "refs/ref_store.h"
#include "refs/reflog.h"
#include "repo/repository.h"
#include "revision/message_search.h"
#include "revision/ref_dwim.h"
#include "revision/revision_syntax.h"
#include "revision/short_id.h"
#include "util/error.h"

namespace grit {

namespace {

enum class Got { found, missing, ambiguous, unsupported };

// How the name at the bottom of a chain is looked up (git's lookup flags).
struct Lookup {
    Disambiguate hint = Disambiguate::none;
    bool quiet = false;
};

constexpr const char* kObjectNameAdvice =
    "Git normally never creates a ref that ends with 40 hex characters\n"
    "because it will be ignored when you just specify 40-hex. These refs\n"
    "may be created by mistake. For example,\n"
    "\n"
    "  git switch -c $br $(git rev-parse ...)\n"
    "\n"
    "where \"$br\" is somehow empty and a 40-hex ref is created. Please\n"
    "examine these refs and maybe delete them. Turn this message off by\n"
    "running \"git config advice.objectNameWarning false\"";

// git refuses ref lookups for names with empty, "." or ".." components.
bool ambiguous_path(std::string_view name) {
    bool after_slash = true;
    for (char c : name) {
        if (c == '/') {
            if (after_slash) return true;
            after_slash = true;
        } else if (c != '.') {
            after_slash = false;
        }
    }
    return after_slash;
}

// git's normalize_path_copy: drops "." and empty components, applies "..";
// nullopt when ".." climbs above the top.
std::optional<std::string> normalize_path(std::string_view path) {
    std::vector<std::string_view> parts;
    bool trailing_slash = false;
    while (!path.empty()) {
        auto slash = path.find('/');
        std::string_view part = path.substr(0, slash);
        path = slash == std::string_view::npos ? std::string_view{} : path.substr(slash + 1);
        trailing_slash = slash != std::string_view::npos || part == "." || part == "..";
        if (part.empty() || part == ".") continue;
        if (part == "..") {
            if (parts.empty()) return std::nullopt;
            parts.pop_back();
            continue;
        }
        parts.push_back(part);
    }
    std::string out;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        if (i) out += '/';
        out.append(parts[i]);
    }
    if (trailing_slash && !out.empty()) out += '/';
    return out;
}

struct TreeHit {
    ObjectId oid;
    std::uint32_t mode = 0;
};

class Resolver {
public:
    Resolver(Repository& repo, const ResolveOptions& options, Resolution& out)
        : repo_(repo), odb_(repo.odb()), options_(options), out_(out) {}

    Got chain(std::string_view expr, Lookup lookup, ObjectId& oid);
    void tree_path(const RevisionExpression& e);
    void index_path(const RevisionExpression& e, std::string_view expr);
    void message_search(std::string_view expr, std::string_view pattern);

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
    void unsupported(std::string why) {
        out_.status = ResolveStatus::unsupported;
        out_.fatal = std::move(why);
    }

    Repository& repo_;
    ObjectDatabase& odb_;
    const ResolveOptions& options_;
    Resolution& out_;
};

Got Resolver::chain(std::string_view expr, Lookup lookup, ObjectId& oid) {
    RevisionChain c = parse_revision_chain(expr);
    // Each operator, from the outermost in, says what its operand should be:
    // ~N and ^N want a commit-ish (and, as in git, drop "quiet"), ^{tree} a
    // tree-ish, ^{commit} a commit-ish.
    Lookup base_lookup = lookup;
    for (auto it = c.ops.rbegin(); it != c.ops.rend(); ++it) {
        if (it->kind != RevisionOpKind::peel) {
            base_lookup = {Disambiguate::committish, false};
        } else if (it->target == PeelTarget::commit || it->target == PeelTarget::message_regex) {
            base_lookup.hint = Disambiguate::committish;
        } else if (it->target == PeelTarget::tree) {
            base_lookup.hint = Disambiguate::treeish;
        } else {
            base_lookup.hint = Disambiguate::none;
        }
    }
    Got got = base(c.base, base_lookup, oid);
    for (const auto& op : c.ops) {
        if (got != Got::found) break;
        got = apply(op, expr, oid);
    }
    return got;
}

Got Resolver::base(std::string_view name, Lookup lookup, ObjectId& oid) {
    if (has_at_brace(name)) return at_brace(name, lookup, oid);
    HashAlgo algo = repo_.hash_algo();
    if (name.size() == hex_size(algo)) {
        if (auto full = ObjectId::from_hex(name, algo)) {
            oid = *full;
            if (options_.warn_hex_refname && warn_ambiguous_refs(repo_)) {
                DwimRef ref = dwim_ref(repo_, name);
                out_.messages.insert(out_.messages.end(), ref.messages.begin(), ref.messages.end());
                if (ref.count > 0) {
                    out_.messages.push_back("warning: refname '" + std::string(name) + "' is ambiguous.");
                    if (repo_.config().get_bool("advice.objectnamewarning").value_or(true))
                        out_.messages.push_back(kObjectNameAdvice);
                }
            }
            return Got::found;
        }
    }

    if (!name.empty() && !ambiguous_path(name)) {
        DwimRef ref = dwim_ref(repo_, name);
        out_.messages.insert(out_.messages.end(), ref.messages.begin(), ref.messages.end());
        if (ref.count > 0) {
            warn_if_ambiguous(name, ref.count, lookup);
            oid = ref.oid;
            return Got::found;
        }
    }

    if (auto described = describe_output_hex(name)) {
        std::vector<std::string> ignored;
        auto hit = lookup_short_id(repo_, *described, Disambiguate::commit, true, ignored);
        if (hit.status == ShortIdStatus::found) {
            oid = hit.oid;
            return Got::found;
        }
    }

    auto hit = lookup_short_id(repo_, name, lookup.hint, lookup.quiet, out_.messages);
    switch (hit.status) {
    case ShortIdStatus::found: oid = hit.oid; return Got::found;
    case ShortIdStatus::ambiguous: out_.candidates = std::move(hit.candidates); return Got::ambiguous;
    case ShortIdStatus::missing: break;
    }
    return Got::missing;
}

// A name found among the refs is ambiguous when several rules matched or it
// also abbreviates an object id.
void Resolver::warn_if_ambiguous(std::string_view name, int refs_found, Lookup lookup) {
    if (lookup.quiet || !warn_ambiguous_refs(repo_)) return;
    std::vector<std::string> ignored;
    bool also_an_object =
        refs_found == 1 &&
        lookup_short_id(repo_, name, Disambiguate::none, true, ignored).status == ShortIdStatus::found;
    if (refs_found > 1 || also_an_object)
        out_.messages.push_back("warning: refname '" + std::string(name) + "' is ambiguous.");
}

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

std::optional<ObjectId> Resolver::commit_reference(const ObjectId& id) {
    ObjectType reached = ObjectType::none;
    auto target = peel_to_type(repo_, id, ObjectType::none, &reached);
    if (!target) return std::nullopt;
    auto header = odb_.read_header(*target);
    if (!header) return std::nullopt;
    if (header->type != ObjectType::commit) {
        out_.messages.push_back("error: object " + target->hex() + " is a " + std::string(type_name(header->type)) +
                                ", not a commit");
        return std::nullopt;
    }
    return target;
}

Got Resolver::apply(const RevisionOp& op, std::string_view expr, ObjectId& oid) {
    if (op.kind != RevisionOpKind::peel) {
        if (!op.n) return Got::missing;
        auto commit_id = commit_reference(oid);
        if (!commit_id) return Got::missing;
        unsigned steps = op.kind == RevisionOpKind::ancestor ? *op.n : 1;
        unsigned parent_index = op.kind == RevisionOpKind::parent ? *op.n : 1;
        if (parent_index == 0) steps = 0;
        ObjectId current = *commit_id;
        for (unsigned i = 0; i < steps; ++i) {
            auto object = odb_.read(current);
            if (!object || object->type != ObjectType::commit) return Got::missing;
            ParsedCommit commit = parse_commit(object->data, current.algo);
            if (commit.parents.size() < parent_index) return Got::missing;
            current = commit.parents[parent_index - 1];
        }
        oid = current;
        return Got::found;
    }

    auto header = odb_.read_header(oid);
    if (!header) return Got::missing;
    switch (op.target) {
    case PeelTarget::any_object:
        return Got::found;
    case PeelTarget::tags_only: {
        auto target = peel_to_type(repo_, oid, ObjectType::none);
        if (!target) {
            out_.messages.push_back("error: missing object referenced by '" +
                                    std::string(expr.substr(0, op.end - 3)) + "'");
            return Got::missing;
        }
        oid = *target;
        return Got::found;
    }
    default: break;
    }

    ObjectType want = op.target == PeelTarget::tree   ? ObjectType::tree
                      : op.target == PeelTarget::blob ? ObjectType::blob
                      : op.target == PeelTarget::tag  ? ObjectType::tag
                                                      : ObjectType::commit;
    ObjectType reached = ObjectType::none;
    auto target = peel_to_type(repo_, oid, want, &reached);
    if (!target) {
        if (reached != ObjectType::none)
            out_.messages.push_back("error: " + std::string(expr.substr(0, op.end)) + ": expected " +
                                    std::string(type_name(want)) + " type, but the object dereferences to " +
                                    std::string(type_name(reached)) + " type");
        return Got::missing;
    }
    oid = *target;
    if (op.target != PeelTarget::message_regex || op.regex.empty()) return Got::found;
    auto match = search_commit_messages(repo_, {oid}, op.regex);
    if (!match) return Got::missing;
    oid = *match;
    return Got::found;
}

std::optional<TreeHit> Resolver::find_in_tree(const ObjectId& tree_ish, std::string_view path) {
    auto root = peel_to_type(repo_, tree_ish, ObjectType::tree);
    if (!root) return std::nullopt;
    if (path.empty()) return TreeHit{*root, 040000};
    ObjectId current = *root;
    // Entries are sorted, so the scan stops at the first name past `path`.
    while (true) {
        auto object = odb_.read(current);
        if (!object || object->type != ObjectType::tree) return std::nullopt;
        TreeReader reader(object->data, current.algo);
        TreeEntry entry;
        bool descended = false;
        while (!descended && reader.next(entry)) {
            std::size_t len = entry.name.size();
            if (len > path.size()) continue;
            int cmp = std::memcmp(path.data(), entry.name.data(), len);
            if (cmp > 0) continue;
            if (cmp < 0) break;
            if (len == path.size()) return TreeHit{entry.oid, entry.mode};
            if (path[len] != '/') continue;
            if (!is_tree_mode(entry.mode)) break;
            if (len + 1 == path.size()) return TreeHit{entry.oid, entry.mode};
            path.remove_prefix(len + 1);
            current = entry.oid;
            descended = true;
        }
        if (!descended) return std::nullopt;
    }
}

std::string Resolver::diagnose_missing_path(std::string_view rev, const std::string& filename,
                                            const ObjectId& tree_ish) {
    std::string in = "'" + std::string(rev) + "'";
    int error = 0;
    if (exists_on_disk(filename, error)) return "path '" + filename + "' exists on disk, but not in " + in;
    if (error == ENOENT || error == ENOTDIR) {
        std::string full = repo_.prefix() + filename;
        if (full != filename && find_in_tree(tree_ish, full))
            return "path '" + full + "' exists, but not '" + filename + "'\nhint: Did you mean '" + std::string(rev) +
                   ":" + full + "' aka '" + std::string(rev) + ":./" + filename + "'?";
        return "path '" + filename + "' does not exist in " + in;
    }
    return {};
}

// "./" and "../" paths are relative to the current directory in the work tree.
std::string Resolver::relative_to_top(std::string_view path) {
    std::string filename(path);
    if (path.substr(0, 2) != "./" && path.substr(0, 3) != "../") return filename;
    if (!repo_.work_tree() || repo_.inside_git_dir())
        throw BadName("relative path syntax can't be used outside working tree");
    auto normalized = normalize_path(repo_.prefix() + filename);
    if (!normalized) throw BadName("'" + filename + "' is outside repository at '" + *repo_.work_tree() + "'");
    return *normalized;
}

// git looks from the top of the work tree, where it has moved by then.
bool Resolver::exists_on_disk(const std::string& path, int& error) {
    std::string on_disk = repo_.work_tree() ? *repo_.work_tree() + "/" + path : path;
    struct stat st {};
    if (lstat(on_disk.c_str(), &st) == 0) return true;
    error = errno;
    return false;
}

std::string Resolver::diagnose_index_path(const IndexFile* index, int stage, const std::string& filename) {
    auto usable = [&](std::string_view path) -> const IndexEntry* {
        const IndexEntry* entry = index ? index->find(path) : nullptr;
        return entry && entry->mode != 040000 ? entry : nullptr;
    };
    std::string n = std::to_string(stage);
    if (const IndexEntry* entry = usable(filename))
        return "path '" + filename + "' is in the index, but not at stage " + n + "\nhint: Did you mean ':" +
               std::to_string(entry->stage) + ":" + filename + "'?";
    std::string full = repo_.prefix() + filename;
    if (const IndexEntry* entry = usable(full)) {
        std::string at = ":" + std::to_string(entry->stage) + ":";
        return "path '" + full + "' is in the index, but not '" + filename + "'\nhint: Did you mean '" + at + full +
               "' aka '" + at + "./" + filename + "'?";
    }
    int error = 0;
    if (exists_on_disk(filename, error)) return "path '" + filename + "' exists on disk, but not in the index";
    if (error == ENOENT || error == ENOTDIR)
        return "path '" + filename + "' does not exist (neither on disk nor in the index)";
    return {};
}

void Resolver::index_path(const RevisionExpression& e, std::string_view expr) {
    std::string filename = relative_to_top(e.path);
    const char* index_env = std::getenv("GIT_INDEX_FILE");
    std::string index_file = index_env && *index_env ? index_env : repo_.absolute_git_dir() + "/index";
    auto index = IndexFile::read(index_file, repo_.hash_algo());
    const IndexEntry* entry = index ? index->find(filename, e.stage) : nullptr;
    // A sparse directory entry names a tree git will not hand out this way.
    if (entry && entry->mode != 040000) {
        out_.status = ResolveStatus::found;
        out_.oid = entry->oid;
        out_.mode = entry->mode;
        out_.path = std::move(filename);
        return;
    }
    if (expr.size() > 1 && expr[1] != '/') out_.fatal = diagnose_index_path(index ? &*index : nullptr, e.stage, filename);
}

void Resolver::tree_path(const RevisionExpression& e) {
    ObjectId tree_ish;
    Got got = chain(e.rev, {Disambiguate::treeish, options_.quiet}, tree_ish);
    if (got != Got::found) {
        if (got == Got::ambiguous) out_.status = ResolveStatus::ambiguous;
        if (got != Got::unsupported) out_.fatal = "invalid object name '" + std::string(e.rev) + "'.";
        return;
    }
    std::string filename = relative_to_top(e.path);
    auto hit = find_in_tree(tree_ish, filename);
    if (!hit) {
        out_.fatal = diagnose_missing_path(e.rev, filename, tree_ish);
        return;
    }
    out_.status = ResolveStatus::found;
    out_.oid = hit->oid;
    out_.mode = hit->mode;
    out_.path = std::move(filename);
}

void Resolver::message_search(std::string_view expr, std::string_view pattern) {
    std::vector<ObjectId> starts;
    auto add_start = [&](const ObjectId& id) {
        auto commit = peel_to_type(repo_, id, ObjectType::none);
        if (!commit) return;
        auto header = odb_.read_header(*commit);
        if (header && header->type == ObjectType::commit) starts.push_back(*commit);
    };
    repo_.refs().for_each_ref("refs/", [&](const Ref& ref) { add_start(ref.oid); });
    if (auto head = repo_.refs().resolve("HEAD")) add_start(*head);
    if (auto match = search_commit_messages(repo_, starts, pattern)) {
        out_.status = ResolveStatus::found;
        out_.oid = *match;
    }
}

}  // namespace

Resolution resolve_revision(Repository& repo, std::string_view expr, const ResolveOptions& options) {
    Resolution out;
    Resolver resolver(repo, options, out);
    RevisionExpression e = parse_revision_expression(expr);
    switch (e.form) {
    case RevisionForm::chain: {
        ObjectId oid;
        Got got = resolver.chain(expr, {options.hint, options.quiet}, oid);
        if (got == Got::found) {
            out.status = ResolveStatus::found;
            out.oid = oid;
        } else if (got == Got::ambiguous) {
            out.status = ResolveStatus::ambiguous;
        }
        break;
    }
    case RevisionForm::tree_path:
        resolver.tree_path(e);
        break;
    case RevisionForm::message_search:
        resolver.message_search(expr, e.path);
        break;
    case RevisionForm::index_path:
        resolver.index_path(e, expr);
        break;
    }
    return out;
}

}  // namespace grit
