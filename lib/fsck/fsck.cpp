#include "fsck/fsck.h"

#include <dirent.h>

#include <cstdio>
#include <filesystem>
#include <functional>
#include <fmt/format.h>

#include "fsck/cache_tree.h"
#include "fsck/fsck_messages.h"
#include "fsck/git_object_order.h"
#include "fsck/object_numbers.h"
#include "fsck/verify_objects.h"
#include "index/index_file.h"
#include "object/tree.h"
#include "odb/object_database.h"
#include "refs/reflog.h"
#include "refs/ref_store.h"
#include "repo/repository.h"
#include "revision/resolve.h"
#include "util/error.h"

namespace grit {

namespace {

// What fsck knows of an object, by its number.
enum Flag : std::uint8_t {
    kTypeBits = 7,      // the low three bits hold the ObjectType
    has_obj = 8,        // read and parsed (from its first readable copy)
    used = 16,          // named by some object or head
    reachable = 32,
    unreadable = 64,    // some stored copy could not be read
    unreadable_packed = 128,  // ... and that copy was packed: git never calls it missing
};

// Reflog files under `base`/`rel`, depth first in directory order (as git's
// reflog iterator walks them).
void list_reflogs(const std::string& base, const std::string& rel, std::vector<std::string>& out) {
    DIR* d = opendir((rel.empty() ? base : base + "/" + rel).c_str());
    if (!d) return;
    std::vector<std::pair<std::string, bool>> names;
    while (dirent* e = readdir(d)) {
        std::string n = e->d_name;
        if (n == "." || n == "..") continue;
        std::string child = rel.empty() ? n : rel + "/" + n;
        bool dir = false;
        if (DIR* sub = opendir((base + "/" + child).c_str())) {
            closedir(sub);
            dir = true;
        }
        names.emplace_back(child, dir);
    }
    closedir(d);
    for (const auto& [child, dir] : names) {
        if (dir) list_reflogs(base, child, out);
        else if (child == "HEAD" || is_valid_refname(child, false)) out.push_back(child);
    }
}

// git's --lost-found: a dangling commit's id under lost-found/commit/, any
// other dangling object under lost-found/other/ (a blob's content, else its id).
void write_lost_found(Repository& repo, const ObjectId& id, ObjectType type) {
    const std::string dir = repo.absolute_git_dir() + "/lost-found/" + (type == ObjectType::commit ? "commit" : "other");
    std::filesystem::create_directories(dir);
    std::string content = id.hex() + "\n";
    if (type == ObjectType::blob) {
        std::optional<Object> blob = repo.odb().read(id);
        if (blob) content = std::move(blob->data);
    }
    const std::string path = dir + "/" + id.hex();
    std::FILE* f = std::fopen(path.c_str(), "w");
    if (!f) throw_errno("could not write '" + path + "'");
    bool ok = std::fwrite(content.data(), 1, content.size(), f) == content.size();
    if (std::fclose(f) != 0 || !ok) throw_errno("could not finish '" + path + "'");
}

}  // namespace

int run_fsck(Repository& repo, const FsckOptions& opts, const FsckSink& sink) {
    const HashAlgo algo = repo.hash_algo();
    FsckSeverities severities(opts.strict);
    severities.configure(repo.config(), algo);
    const std::string objects_dir = repo.odb().objects_dir(), objects_shown = repo.git_path("objects");

    ObjectNumbers numbers(algo);
    Verified verified = verify_objects(repo, opts, severities, numbers, sink);
    int errors = verified.errors;
    const std::vector<VerifiedItem>& items = verified.items;

    constexpr std::uint32_t kNone = ObjectNumbers::kNone;
    // One byte per object, to stay in cache: its flags, and its type in the low three bits.
    std::vector<std::uint8_t> flags;
    auto type_of = [&](std::uint32_t n) { return static_cast<ObjectType>(flags[n] & kTypeBits); };
    auto set_type = [&](std::uint32_t n, ObjectType t) {
        flags[n] = static_cast<std::uint8_t>((flags[n] & ~kTypeBits) | static_cast<std::uint8_t>(t));
    };
    std::vector<std::uint32_t> owner;  // the item whose edges the object has
    auto fit_nodes = [&] {
        flags.resize(numbers.size(), 0);
        owner.resize(numbers.size(), kNone);
    };
    fit_nodes();
    auto for_each_edge = [&](std::uint32_t item, auto&& fn) {
        const VerifiedItem& v = items[item];
        const EdgeStore& store = verified.edges[v.edge_store];
        for (std::uint32_t k = v.edges_first; k < v.edges_first + v.edges_count; ++k) fn(store.numbers[k], static_cast<ObjectType>(store.types[k]));
    };
    // The report of an item, if it has one (reports are sorted by item).
    auto report_of = [&](std::uint32_t item) -> const VerifyReport* {
        auto it = std::lower_bound(verified.reports.begin(), verified.reports.end(), item,
                                   [](const auto& r, std::uint32_t i) { return r.first < i; });
        return it != verified.reports.end() && it->first == item ? &it->second : nullptr;
    };

    // Report in item order and build the object graph.
    // Progress as git shows it: the object directories at once, then the
    // packed objects every 1024 objects when the percentage changes.
    const bool show_progress = opts.progress && !opts.verbose && !opts.connectivity_only;
    std::uint64_t packed_total = 0;
    for (const VerifiedItem& v : items) packed_total += v.kind == VerifiedItem::packed;
    bool dirs_done = false;
    int last_percent = -1;
    std::uint64_t packed_seen = 0;
    auto objects_progress = [&](std::uint64_t n, bool done) {
        auto percent = static_cast<int>(n * 100 / packed_total);
        if (percent == last_percent && !done) return;
        last_percent = percent;
        sink.progress(fmt::format("Checking objects: {:>3}% ({}/{}){}", percent, n, packed_total,
                                  done ? ", done.\n" : "\r"));
    };
    auto dirs_progress = [&] {
        if (dirs_done || !show_progress) return;
        dirs_done = true;
        sink.progress("Checking object directories: 100% (256/256)\r"
                      "Checking object directories: 100% (256/256), done.\n");
    };
    std::size_t next_report = 0;
    for (std::uint32_t i = 0; i < items.size(); ++i) {
        const VerifiedItem& v = items[i];
        if (v.kind != VerifiedItem::loose) dirs_progress();
        if (next_report < verified.reports.size() && verified.reports[next_report].first == i) {
            const VerifyReport& r = verified.reports[next_report++].second;
            for (const std::string& l : r.err_lines) sink.err(l);
            for (const std::string& l : r.out_lines) sink.out(l);
            errors |= r.error_bits;
        }
        if (show_progress && v.kind == VerifiedItem::packed) {
            if ((packed_seen & 1023) == 0) objects_progress(packed_seen, false);
            ++packed_seen;
            if (i + 1 == items.size() || items[i + 1].kind != VerifiedItem::packed || items[i + 1].pack != v.pack)
                objects_progress(packed_seen, false);
            if (packed_seen == packed_total) objects_progress(packed_seen, true);
        }
        if (v.kind == VerifiedItem::pack_trailer) continue;
        const std::uint32_t n = v.number;
        // git creates objects only for what it could read and parse
        if (!v.has_obj) {
            flags[n] |= unreadable;
            if (v.kind == VerifiedItem::packed) flags[n] |= unreadable_packed;
            continue;
        }
        if (flags[n] & has_obj) continue;
        flags[n] |= has_obj;
        set_type(n, v.type);
        owner[n] = i;
        for_each_edge(i, [&](std::uint32_t e, ObjectType t) {
            flags[e] |= used;
            if (type_of(e) == ObjectType::none) set_type(e, t);  // git's lookup_blob() and friends
        });
    }

    dirs_progress();

    // The heads. Each lookup git makes in its object table is logged, to
    // replay them if the table's order is wanted at the end.
    std::vector<std::pair<std::uint32_t, bool>> head_lookups;  // number, whether a bare find
    auto find = [&](const ObjectId& id) -> std::uint32_t {  // kNone unless stored and parsed
        std::uint32_t n = numbers.find(id);
        if (n == kNone) return kNone;
        head_lookups.emplace_back(n, true);
        return flags[n] & has_obj ? n : kNone;
    };
    auto lookup = [&](const ObjectId& id, ObjectType type) {
        std::uint32_t n = numbers.insert(id);
        fit_nodes();
        if (type_of(n) == ObjectType::none) set_type(n, type);
        head_lookups.emplace_back(n, false);
        return n;
    };
    std::vector<std::uint32_t> pending;
    auto mark_reachable = [&](std::uint32_t n) {
        flags[n] |= used;
        if (!(flags[n] & reachable)) {
            flags[n] |= reachable;
            if (flags[n] & has_obj) pending.push_back(n);
        }
    };
    int default_refs = 0;
    RefStore& refs = repo.refs();
    auto handle_ref = [&](const std::string& name, const ObjectId& oid) {
        std::uint32_t n = find(oid);
        if (n == kNone) {
            // git parses the object here: a stored but unreadable one is fatal.
            std::uint32_t stored = numbers.find(oid);
            if (stored != kNone && (flags[stored] & unreadable)) {
                try {
                    repo.odb().read(oid);
                } catch (const CorruptData& e) {
                    std::string msg = e.what();
                    if (auto at = msg.find(objects_dir); at != std::string::npos)
                        msg.replace(at, objects_dir.size(), objects_shown);
                    CorruptData shown(msg);
                    shown.error_lines = e.error_lines;
                    throw shown;
                }
            }
            sink.err(fmt::format("error: {}: invalid sha1 pointer {}", name, oid.hex()));
            errors |= fsck_error_reachable;
            return;
        }
        if (type_of(n) != ObjectType::commit && name.starts_with("refs/heads/")) {
            sink.err(fmt::format("error: {}: not a commit", name));
            errors |= fsck_error_refs;
        }
        ++default_refs;
        mark_reachable(lookup(oid, ObjectType::none));
    };
    bool keep_index = opts.keep_cache;
    for (const std::string& arg : opts.heads) {
        ResolveOptions quiet;
        quiet.quiet = true;
        Resolution res = resolve_revision(repo, arg, quiet);
        if (res.status != ResolveStatus::found) {
            sink.err(fmt::format("error: invalid parameter: expected sha1, got '{}'", arg));
            errors |= fsck_error_object;
            continue;
        }
        if (find(res.oid) == kNone) {
            sink.err(fmt::format("error: {}: object missing", res.oid.hex()));
            errors |= fsck_error_object;
            continue;
        }
        mark_reachable(lookup(res.oid, ObjectType::none));
    }
    bool show_unreachable = opts.show_unreachable;
    if (opts.heads.empty()) {
        keep_index = true;
        refs.for_each_ref("refs/", [&](const Ref& ref) {
            if (!ref.broken) handle_ref(ref.name, ref.oid);
        });
        std::string target;
        std::optional<ObjectId> head = refs.resolve("HEAD", &target);
        auto raw = refs.read_raw("HEAD");
        if (!raw) {
            sink.err("error: invalid HEAD");
            errors |= fsck_error_refs;
        } else if (raw->is_symbolic() && !raw->symref_target.starts_with("refs/heads/")) {
            sink.err(fmt::format("error: HEAD points to something strange ({})", raw->symref_target));
            errors |= fsck_error_refs;
        } else if (!head) {
            if (raw->is_symbolic())
                sink.err(fmt::format("notice: HEAD points to an unborn branch ({})", raw->symref_target.substr(11)));
            else {
                sink.err("error: HEAD: detached HEAD points at nothing");
                errors |= fsck_error_refs;
            }
        } else if (!head->is_null()) {
            handle_ref("HEAD", *head);
        }
        if (opts.include_reflogs && !opts.lost_found) {
            std::vector<std::string> logs;
            const std::string git_dir = repo.absolute_git_dir(), common = repo.common_dir();
            list_reflogs(common + "/logs", "", logs);
            for (const std::string& name : logs) {
                auto entries = read_reflog(reflog_path(git_dir, common, name), algo);
                if (!entries) continue;
                for (const ReflogEntry& e : *entries)
                    for (const ObjectId* oid : {&e.old_oid, &e.new_oid}) {
                        if (oid->is_null()) continue;
                        if (find(*oid) != kNone) {
                            mark_reachable(lookup(*oid, ObjectType::none));
                        } else {
                            sink.err(fmt::format("error: {}: invalid reflog entry {}", name, oid->hex()));
                            errors |= fsck_error_reachable;
                        }
                    }
            }
        }
        if (!default_refs) {
            sink.err("notice: No default references");
            show_unreachable = false;
        }
    }
    if (keep_index) {
        std::string index_path = repo.git_path("index");
        if (!index_path.starts_with("/")) index_path = repo.working_directory() + "/" + index_path;
        std::optional<IndexFile> index;
        try {
            index = IndexFile::read(index_path, algo);
        } catch (const CorruptData&) {
        }
        if (index)
            for (const IndexEntry& e : index->entries()) {
                if ((e.mode & 0170000) == 0160000) continue;
                mark_reachable(lookup(e.oid, is_tree_mode(e.mode) ? ObjectType::tree : ObjectType::blob));
            }
        // The trees the cache-tree records, pre-order; a missing one hides its subtrees.
        std::vector<CacheTreeNode> cache_tree = read_cache_tree(index_path, algo);
        std::size_t next_node = 0;
        std::function<void(bool)> walk_cache_tree = [&](bool report) {
            const CacheTreeNode node = cache_tree[next_node++];
            if (report && node.valid) {
                std::uint32_t n = find(node.oid);
                if (n == kNone) {
                    sink.err(fmt::format("error: {}: invalid sha1 pointer in cache-tree", node.oid.hex()));
                    errors |= fsck_error_refs;
                    report = false;
                } else {
                    if (type_of(n) != ObjectType::tree) {
                        sink.err(fmt::format("error in {} {}: non-tree in cache-tree", type_name(type_of(n)),
                                             node.oid.hex()));
                        errors |= fsck_error_object;
                    }
                    mark_reachable(lookup(node.oid, ObjectType::tree));
                }
            }
            for (std::uint32_t k = 0; k < node.subtrees && next_node < cache_tree.size(); ++k) walk_cache_tree(report);
        };
        if (!cache_tree.empty()) walk_cache_tree(true);
    }

    // Traverse what is reachable.
    std::vector<std::uint32_t> visited;  // in order, for the replay
    while (!pending.empty()) {
        const std::uint32_t n = pending.back();
        pending.pop_back();
        if (owner[n] == kNone) continue;
        visited.push_back(n);
        if (const VerifyReport* r = report_of(owner[n]); r && !r->tree_error.empty())
            sink.err("error: " + r->tree_error);
        const ObjectType parent_type = type_of(n);
        for_each_edge(owner[n], [&](std::uint32_t c, ObjectType t) {
            if (type_of(c) == ObjectType::none) set_type(c, t);
            if (!(flags[c] & (reachable | has_obj | unreadable))) {
                auto padded = [](ObjectType type) { return fmt::format("{:>7}", type_name(type)); };
                sink.out(fmt::format("broken link from {} {}", padded(parent_type), numbers.id(n).hex()));
                sink.out(fmt::format("              to {} {}", padded(type_of(c)), numbers.id(c).hex()));
                errors |= fsck_error_reachable;
            }
            mark_reachable(c);
        });
    }

    // What is left to list: missing, unreachable or dangling objects.
    auto listed = [&](std::uint32_t n) {
        if (flags[n] & reachable) return !(flags[n] & has_obj) && !(flags[n] & unreadable_packed);
        if (!(flags[n] & has_obj)) return false;
        if (show_unreachable) return true;
        return !(flags[n] & used) && (opts.show_dangling || opts.lost_found);
    };
    bool any = false;
    for (std::uint32_t n = 0; n < numbers.size() && !any; ++n) any = listed(n);
    if (!any) return errors;

    // git lists them in the order of its object table: replay its lookups.
    GitObjectOrder table(numbers);
    for (std::uint32_t i = 0; i < items.size(); ++i) {
        const VerifiedItem& v = items[i];
        if (v.kind == VerifiedItem::pack_trailer || !v.has_obj) continue;
        table.lookup(v.number);
        if (owner[v.number] == i) for_each_edge(i, [&](std::uint32_t e, ObjectType) { table.lookup(e); });
    }
    for (const auto& [n, bare] : head_lookups) {
        if (bare) table.find(n);
        else table.lookup(n);
    }
    for (std::uint32_t n : visited) {
        const bool swap = type_of(n) == ObjectType::tree;  // git walks a tree by looking its entries up
        for_each_edge(owner[n], [&](std::uint32_t c, ObjectType) { table.lookup(c, swap); });
    }
    for (std::uint32_t n : table.order()) {
        if (!listed(n)) continue;
        std::string t(type_name(type_of(n)));
        if (t.empty()) t = "unknown";
        const ObjectId& id = numbers.id(n);
        if (flags[n] & reachable) {
            sink.out(fmt::format("missing {} {}", t, id.hex()));
            errors |= fsck_error_reachable;
        } else if (show_unreachable) {
            sink.out(fmt::format("unreachable {} {}", t, id.hex()));
        } else {
            if (opts.show_dangling) sink.out(fmt::format("dangling {} {}", t, id.hex()));
            if (opts.lost_found) write_lost_found(repo, id, type_of(n));
        }
    }
    return errors;
}

}  // namespace grit
