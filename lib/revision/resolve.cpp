#include "revision/resolve.h"

#include "object/commit.h"
#include "odb/object_database.h"
#include "refs/ref_store.h"
#include "repo/repository.h"
#include "revision/message_search.h"
#include "revision/ref_dwim.h"
#include "revision/resolver.h"
#include "revision/short_id.h"
#include "util/error.h"

namespace grit {
namespace resolver_detail {

namespace {

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

}  // namespace

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

Resolver::Resolver(Repository& repo, const ResolveOptions& options, Resolution& out)
    : repo_(repo), odb_(repo.odb()), options_(options), out_(out) {}

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
        if (op.kind == RevisionOpKind::ancestor) {
            auto ancestor = first_parent_chains().ancestor(*commit_id, *op.n);
            if (!ancestor) return Got::missing;
            oid = *ancestor;
            return Got::found;
        }
        unsigned steps = 1;
        unsigned parent_index = *op.n;
        if (parent_index == 0) steps = 0;
        ObjectId current = *commit_id;
        for (unsigned i = 0; i < steps; ++i) {
            if (!commits().read(current, parents_) || parents_.size() < parent_index) return Got::missing;
            current = parents_[parent_index - 1];
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

void Resolver::message_search(std::string_view pattern) {
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

}  // namespace resolver_detail

Resolution resolve_revision(Repository& repo, std::string_view expr, const ResolveOptions& options) {
    Resolution out;
    resolver_detail::Resolver resolver(repo, options, out);
    RevisionExpression e = parse_revision_expression(expr);
    switch (e.form) {
    case RevisionForm::chain: {
        ObjectId oid;
        auto got = resolver.chain(expr, {options.hint, options.quiet}, oid);
        if (got == resolver_detail::Got::found) {
            out.status = ResolveStatus::found;
            out.oid = oid;
        } else if (got == resolver_detail::Got::ambiguous) {
            out.status = ResolveStatus::ambiguous;
        }
        break;
    }
    case RevisionForm::tree_path:
        resolver.tree_path(e);
        break;
    case RevisionForm::message_search:
        resolver.message_search(e.path);
        break;
    case RevisionForm::index_path:
        resolver.index_path(e, expr);
        break;
    }
    return out;
}

}  // namespace grit
