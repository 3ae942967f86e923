#include "revision/resolve.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>

#include "object/commit.h"
#include "object/tag.h"
#include "object/tree.h"
#include "odb/object_database.h"
#include "refs/ref_store.h"
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
    void message_search(std::string_view expr, std::string_view pattern);

private:
    Got base(std::string_view name, Lookup lookup, ObjectId& oid);
    Got apply(const RevisionOp& op, std::string_view expr, ObjectId& oid);
    std::optional<ObjectId> commit_reference(const ObjectId& id);
    std::optional<TreeHit> find_in_tree(const ObjectId& tree_ish, std::string_view path);
    std::string diagnose_missing_path(std::string_view rev, const std::string& filename, const ObjectId& tree_ish);
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
    if (has_at_brace(name)) {
        unsupported("'" + std::string(name) + "': @{...} revisions (reflogs, upstream, push) are not supported by grit");
        return Got::unsupported;
    }
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
            if (!lookup.quiet && warn_ambiguous_refs(repo_)) {
                std::vector<std::string> ignored;
                bool also_an_object = ref.count == 1 && lookup_short_id(repo_, name, Disambiguate::none, true,
                                                                        ignored).status == ShortIdStatus::found;
                if (ref.count > 1 || also_an_object)
                    out_.messages.push_back("warning: refname '" + std::string(name) + "' is ambiguous.");
            }
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
    // git looks from the top of the work tree, where it has moved by then.
    std::string on_disk = repo_.work_tree() ? *repo_.work_tree() + "/" + filename : filename;
    struct stat st {};
    if (lstat(on_disk.c_str(), &st) == 0) return "path '" + filename + "' exists on disk, but not in " + in;
    if (errno == ENOENT || errno == ENOTDIR) {
        std::string full = repo_.prefix() + filename;
        if (full != filename && find_in_tree(tree_ish, full))
            return "path '" + full + "' exists, but not '" + filename + "'\nhint: Did you mean '" + std::string(rev) +
                   ":" + full + "' aka '" + std::string(rev) + ":./" + filename + "'?";
        return "path '" + filename + "' does not exist in " + in;
    }
    return {};
}

void Resolver::tree_path(const RevisionExpression& e) {
    ObjectId tree_ish;
    Got got = chain(e.rev, {Disambiguate::treeish, options_.quiet}, tree_ish);
    if (got != Got::found) {
        if (got == Got::ambiguous) out_.status = ResolveStatus::ambiguous;
        if (got != Got::unsupported) out_.fatal = "invalid object name '" + std::string(e.rev) + "'.";
        return;
    }
    std::string filename(e.path);
    if (e.path.substr(0, 2) == "./" || e.path.substr(0, 3) == "../") {
        if (!repo_.work_tree() || repo_.inside_git_dir())
            throw BadName("relative path syntax can't be used outside working tree");
        auto normalized = normalize_path(repo_.prefix() + filename);
        if (!normalized) throw BadName("'" + filename + "' is outside repository at '" + *repo_.work_tree() + "'");
        filename = *normalized;
    }
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
        out.status = ResolveStatus::unsupported;
        out.fatal = "'" + std::string(expr) + "': revisions naming index entries are not supported by grit";
        break;
    }
    return out;
}

}  // namespace grit
