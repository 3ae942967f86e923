#include "fsck/fsck.h"

#include <dirent.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <fmt/format.h>
#include <zlib.h>

#include "fsck/cache_tree.h"
#include "fsck/fsck_messages.h"
#include "fsck/object_check.h"
#include "hash/hasher.h"
#include "index/index_file.h"
#include "object/commit.h"
#include "object/format_check.h"
#include "object/tag.h"
#include "object/tree.h"
#include "odb/delta_base_cache.h"
#include "odb/loose_store.h"
#include "odb/object_database.h"
#include "odb/pack_file.h"
#include "refs/reflog.h"
#include "refs/ref_store.h"
#include "repo/repository.h"
#include "revision/resolve.h"
#include "util/error.h"
#include "util/mapped_file.h"

namespace grit {

namespace {

// One unit of verification work: a loose object, a packed object, or the
// checksums of a whole pack.
struct Job {
    enum Kind : std::uint8_t { loose, packed, pack_trailer };
    Kind kind = loose;
    std::uint32_t pack = 0;
    std::uint64_t offset = 0;
    std::uint64_t end = 0;  // packed: where the entry ends (for its CRC)
    std::uint32_t idx_pos = 0;
    ObjectId id;
};

struct Edge {
    ObjectId id;
    ObjectType type;
};

struct JobResult {
    bool has_obj = false;  // stored and parsed
    ObjectType type = ObjectType::none;
    std::vector<Edge> edges;
    std::vector<std::string> err_lines, out_lines;
    std::string tree_error;  // how a malformed tree fails to decode
    int error_bits = 0;
};

struct Context {
    Repository& repo;
    const FsckOptions& opts;
    HashAlgo algo;
    std::string objects_dir;    // for access
    std::string objects_shown;  // as git spells it in messages
    std::vector<std::string> pack_paths;  // as opened
    std::vector<std::string> pack_shown;  // as printed
    FsckSeverities severities;
};

void parse_edges(ObjectType type, std::string_view data, HashAlgo algo, JobResult& r) {
    if (type == ObjectType::tree) {
        TreeReader reader(data, algo);
        TreeEntry e;
        try {
            while (reader.next(e)) {
                if ((e.mode & 0170000) == 0160000) continue;
                r.edges.push_back({e.oid, is_tree_mode(e.mode) ? ObjectType::tree : ObjectType::blob});
            }
        } catch (const CorruptData& err) {
            r.tree_error = err.what();
        }
    } else if (type == ObjectType::commit) {
        ParsedCommit c = parse_commit(data, algo);
        r.edges.push_back({c.tree, ObjectType::tree});
        for (const ObjectId& p : c.parents) r.edges.push_back({p, ObjectType::commit});
    } else if (type == ObjectType::tag) {
        ParsedTag t = parse_tag(data, algo);
        r.edges.push_back({t.object, t.type});
    }
}

std::string describe(const ObjectId& id) { return id.hex(); }

// Everything git's fsck_obj does with a parsed object.
void check_parsed(Context& ctx, const ObjectId& id, ObjectType type, std::string_view data, JobResult& r,
                  bool parse_failed_tag) {
    (void)parse_failed_tag;
    const std::string t(type_name(type));
    if (!r.tree_error.empty()) {
        r.err_lines.push_back("error: " + r.tree_error);
        r.err_lines.push_back(fmt::format("error in {} {}: broken links", t, describe(id)));
        r.error_bits |= fsck_error_object;
    }
    std::vector<FsckFinding> findings;
    bool failed = fsck_check_object(id, type, data, ctx.severities, findings);
    for (const FsckFinding& f : findings) {
        if (!r.tree_error.empty() && f.text.starts_with("badTree:")) r.err_lines.push_back("error: " + r.tree_error);
        r.err_lines.push_back(fmt::format("{} in {} {}: {}", f.is_error ? "error" : "warning", t, describe(id), f.text));
    }
    if (failed) {
        r.error_bits |= fsck_error_object;
        return;
    }
    if (type == ObjectType::commit && ctx.opts.show_root) {
        bool has_parent = std::any_of(r.edges.begin(), r.edges.end(), [](const Edge& e) { return e.type == ObjectType::commit; });
        if (!has_parent) r.out_lines.push_back("root " + describe(id));
    }
    if (type == ObjectType::tag && ctx.opts.show_tags && !r.edges.empty()) {
        ParsedTag tag = parse_tag(data, ctx.algo);
        r.out_lines.push_back(fmt::format("tagged {} {} ({}) in {}", type_name(tag.type), describe(tag.object),
                                          tag.name, describe(id)));
    }
}

// Parsing as git's parse_object_buffer: false (with git's lines) when it fails.
bool parse_object(Context& ctx, const ObjectId& id, ObjectType type, std::string_view data, JobResult& r) {
    try {
        if (type == ObjectType::commit || type == ObjectType::tag) check_object_format(type, data, ctx.algo, &id);
        parse_edges(type, data, ctx.algo, r);
        return true;
    } catch (const CorruptData& e) {
        for (const std::string& l : e.error_lines) r.err_lines.push_back("error: " + l);
        r.edges.clear();
        return false;
    }
}

class Worker {
public:
    explicit Worker(Context& ctx) : ctx_(ctx), loose_(ctx.objects_dir, ctx.algo) {}

    void run(const Job& job, JobResult& r) {
        switch (job.kind) {
        case Job::loose: check_loose(job, r); break;
        case Job::packed: check_packed(job, r); break;
        case Job::pack_trailer: check_trailer(job, r); break;
        }
    }

private:
    PackFile& pack(std::uint32_t i) {
        if (packs_.size() <= i) packs_.resize(i + 1);
        if (!packs_[i]) packs_[i] = std::make_unique<PackFile>(ctx_.pack_paths[i], ctx_.algo);
        return *packs_[i];
    }

    void check_loose(const Job& job, JobResult& r) {
        const std::string hex = job.id.hex();
        const std::string shown = ctx_.objects_shown + "/" + hex.substr(0, 2) + "/" + hex.substr(2);
        std::optional<Object> obj;
        try {
            obj = loose_.read(job.id, false);
        } catch (const CorruptData& e) {
            // git reads loose objects for fsck with its own wording
            const std::string unpack_header = "unable to unpack header of " + shown;
            for (const std::string& l : e.error_lines) {
                if (l.starts_with("unable to unpack ") || l.starts_with("header for "))
                    r.err_lines.push_back("error: " + unpack_header);
                else if (l.starts_with("object file ") && l.ends_with(" is empty"))
                    r.err_lines.insert(r.err_lines.end(),
                                       {"error: object file " + shown + " is empty",
                                        "error: unable to mmap " + shown + ": No such file or directory"});
                else
                    r.err_lines.push_back("error: " + l);
            }
        }
        if (!obj) {
            r.err_lines.push_back(fmt::format("error: {}: object corrupt or missing: {}", hex, shown));
            r.error_bits |= fsck_error_object;
            return;
        }
        if (ctx_.opts.connectivity_only) {
            finish(job.id, obj->type, obj->data, r, "");
            return;
        }
        ObjectId real = hash_object_text(ctx_.algo, type_name(obj->type), obj->data);
        if (real != job.id) {
            r.err_lines.push_back(fmt::format("error: {}: hash-path mismatch, found at: {}", real.hex(), shown));
            r.error_bits |= fsck_error_object;
            return;
        }
        finish(job.id, obj->type, obj->data, r, fmt::format("error: {}: object could not be parsed: {}", hex, shown));
    }

    void finish(const ObjectId& id, ObjectType type, std::string_view data, JobResult& r,
                const std::string& unparsable) {
        r.type = type;
        if (!parse_object(ctx_, id, type, data, r)) {
            r.err_lines.push_back(unparsable.empty() ? fmt::format("error: {}: object corrupt or missing", id.hex())
                                                     : unparsable);
            r.error_bits |= fsck_error_object;
            return;
        }
        r.has_obj = true;
        if (!ctx_.opts.connectivity_only) check_parsed(ctx_, id, type, data, r, false);
    }

    void check_packed(const Job& job, JobResult& r) {
        PackFile& p = pack(job.pack);
        const std::string& shown = ctx_.pack_shown[job.pack];
        const std::string hex = job.id.hex();
        if (ctx_.opts.connectivity_only) {
            ObjectHeader h = p.object_header(job.offset, false);
            r.type = h.type;
            if (h.type == ObjectType::blob) {
                r.has_obj = true;
                return;
            }
        } else if (auto crc = p.index().crc32_at(job.idx_pos)) {
            const MappedFile& m = p.data();
            std::uint32_t actual = 0;
            if (job.end <= m.size() && job.end > job.offset)
                actual = static_cast<std::uint32_t>(
                    crc32(0, reinterpret_cast<const Bytef*>(m.data()) + job.offset, static_cast<uInt>(job.end - job.offset)));
            if (actual != *crc) {
                r.err_lines.push_back(fmt::format("error: index CRC mismatch for object {} from {} at offset {}", hex,
                                                  shown, job.offset));
                r.error_bits |= fsck_error_pack;
            }
        }
        Object obj;
        try {
            obj = p.read_object(job.offset, cache_);
        } catch (const Error& e) {
            for (const std::string& l : e.error_lines) r.err_lines.push_back("error: " + l);
            r.err_lines.push_back(fmt::format("error: cannot unpack {} from {} at offset {}", hex, shown, job.offset));
            r.error_bits |= fsck_error_pack;
            return;
        }
        if (!ctx_.opts.connectivity_only && hash_object_text(ctx_.algo, type_name(obj.type), obj.data) != job.id) {
            r.err_lines.push_back(fmt::format("error: packed {} from {} is corrupt", hex, shown));
            r.error_bits |= fsck_error_pack;
            return;
        }
        finish(job.id, obj.type, obj.data, r, "");
    }

    void check_trailer(const Job& job, JobResult& r) {
        PackFile& p = pack(job.pack);
        const std::string& shown = ctx_.pack_shown[job.pack];
        const std::size_t raw = hash_size(ctx_.algo);
        const MappedFile& idx = p.index().file();
        Hasher ih(ctx_.algo);
        ih.update(idx.data(), idx.size() - raw);
        if (std::memcmp(ih.finish().data(), reinterpret_cast<const char*>(idx.data()) + idx.size() - raw, raw) != 0) {
            r.err_lines.push_back(fmt::format("error: Packfile index for {} hash mismatch", shown));
            r.error_bits |= fsck_error_pack;
        }
        const MappedFile& m = p.data();
        Hasher ph(ctx_.algo);
        ph.update(m.data(), m.size() - raw);
        const char* trailer = reinterpret_cast<const char*>(m.data()) + m.size() - raw;
        if (std::memcmp(ph.finish().data(), trailer, raw) != 0) {
            r.err_lines.push_back(fmt::format("error: {} pack checksum mismatch", shown));
            r.error_bits |= fsck_error_pack;
        }
        if (std::memcmp(p.index().pack_checksum().data(), trailer, raw) != 0) {
            r.err_lines.push_back(fmt::format("error: {} pack checksum does not match its index", shown));
            r.error_bits |= fsck_error_pack;
        }
    }

    Context& ctx_;
    LooseStore loose_;
    std::vector<std::unique_ptr<PackFile>> packs_;
    DeltaBaseCache cache_{32u << 20};
};

enum Flag : std::uint8_t { has_obj = 1, used = 2, reachable = 4 };

struct Node {
    ObjectId id;
    ObjectType type = ObjectType::none;
    std::uint8_t flags = 0;
    std::uint32_t result = UINT32_MAX;  // job result holding its edges
    std::string tree_error;
};

// The objects fsck knows, in a table laid out as git's object hash table
// (open addressing on the first four id bytes in native order, linear
// probing, doubled when half full, a found object swapped to the slot its
// search started at), so that listing the table gives git's order for
// missing, dangling and unreachable objects.
class Graph {
public:
    // The node for `id`, created with `type` when new. `swap` does what
    // git's lookup_object does to the table; false reads it unchanged.
    std::uint32_t lookup(const ObjectId& id, ObjectType type, bool swap = true) {
        if (std::optional<std::uint32_t> n = probe(id, swap)) {
            // git's lookup_blob() and friends give a typeless object its type
            if (nodes_[*n].type == ObjectType::none) nodes_[*n].type = type;
            return *n;
        }
        if (table_.size() < 2 || table_.size() - 1 <= nodes_.size() * 2) grow();
        auto n = static_cast<std::uint32_t>(nodes_.size());
        nodes_.emplace_back();
        nodes_.back().id = id;
        nodes_.back().type = type;
        insert(n);
        return n;
    }
    const Node* find(const ObjectId& id) {
        std::optional<std::uint32_t> n = probe(id, true);
        return n ? &nodes_[*n] : nullptr;
    }
    Node& at(std::uint32_t i) { return nodes_[i]; }
    std::size_t size() const { return nodes_.size(); }

    std::vector<std::uint32_t> table_order() const {
        std::vector<std::uint32_t> order;
        for (std::uint32_t v : table_)
            if (v != UINT32_MAX) order.push_back(v);
        return order;
    }

private:
    std::size_t slot_of(const ObjectId& id) const {
        std::uint32_t h;
        std::memcpy(&h, id.data(), 4);
        return h & (table_.size() - 1);
    }
    std::optional<std::uint32_t> probe(const ObjectId& id, bool swap) {
        if (table_.empty()) return std::nullopt;
        const std::size_t first = slot_of(id);
        for (std::size_t i = first; table_[i] != UINT32_MAX; i = (i + 1) & (table_.size() - 1)) {
            if (nodes_[table_[i]].id == id) {
                std::uint32_t n = table_[i];
                if (swap && i != first) std::swap(table_[i], table_[first]);
                return n;
            }
        }
        return std::nullopt;
    }
    void insert(std::uint32_t n) {
        std::size_t j = slot_of(nodes_[n].id);
        while (table_[j] != UINT32_MAX) j = (j + 1) & (table_.size() - 1);
        table_[j] = n;
    }
    void grow() {
        std::vector<std::uint32_t> old(table_.size() < 32 ? 32 : 2 * table_.size(), UINT32_MAX);
        old.swap(table_);
        for (std::uint32_t v : old)
            if (v != UINT32_MAX) insert(v);
    }

    std::vector<Node> nodes_;
    std::vector<std::uint32_t> table_;
};

void list_loose(const std::string& dir, HashAlgo algo, std::vector<Job>& jobs) {
    LooseStore store(dir, algo);
    store.for_each([&](const ObjectId& id) {
        Job j;
        j.id = id;
        jobs.push_back(j);
    });
}

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
    Context ctx{repo, opts, repo.hash_algo(), repo.odb().objects_dir(), repo.git_path("objects"), {}, {},
                FsckSeverities(opts.strict)};
    ctx.severities.configure(repo.config(), ctx.algo);
    int errors = 0;

    // Jobs in git's order: loose objects, then each pack in offset order.
    std::vector<Job> jobs;
    list_loose(ctx.objects_dir, ctx.algo, jobs);
    {
        DIR* d = opendir((ctx.objects_dir + "/pack").c_str());
        std::vector<std::string> names;
        while (d && true) {
            dirent* e = readdir(d);
            if (!e) break;
            std::string n = e->d_name;
            if (n.size() > 5 && n.ends_with(".pack")) names.push_back(n);
        }
        if (d) closedir(d);
        std::sort(names.begin(), names.end());
        for (const std::string& n : names) {
            // git lists only packs that have an index
            const std::string idx_path = ctx.objects_dir + "/pack/" + n.substr(0, n.size() - 5) + ".idx";
            if (!std::filesystem::exists(idx_path)) continue;
            std::unique_ptr<PackFile> p;
            const std::string shown = ctx.objects_shown + "/pack/" + n;
            try {
                p = std::make_unique<PackFile>(ctx.objects_dir + "/pack/" + n, ctx.algo);
                p->data();
            } catch (const Error& e) {
                // A pack git cannot open: its objects are not there for it.
                if (!opts.connectivity_only) {
                    std::vector<std::string> lines = e.error_lines;
                    if (lines.empty() && !p) lines.push_back(e.what());
                    for (std::string l : lines) {
                        if (auto at = l.find(ctx.objects_dir); at != std::string::npos)
                            l.replace(at, ctx.objects_dir.size(), ctx.objects_shown);
                        sink.err("error: " + l);
                    }
                    sink.err("error: packfile " + shown + (p ? " cannot be accessed" : " index not opened"));
                    errors |= fsck_error_pack;
                }
                continue;
            }
            auto pi = static_cast<std::uint32_t>(ctx.pack_paths.size());
            ctx.pack_paths.push_back(p->pack_path());
            ctx.pack_shown.push_back(shown);
            if (!opts.connectivity_only) {
                Job t;
                t.kind = Job::pack_trailer;
                t.pack = pi;
                jobs.push_back(t);
            }
            const PackIndex& idx = p->index();
            std::vector<std::pair<std::uint64_t, std::uint32_t>> order;
            order.reserve(idx.count());
            for (std::uint32_t i = 0; i < idx.count(); ++i) order.emplace_back(idx.offset_at(i), i);
            std::sort(order.begin(), order.end());
            const std::uint64_t trailer = p->pack_size() - hash_size(ctx.algo);
            for (std::size_t k = 0; k < order.size(); ++k) {
                Job j;
                j.kind = Job::packed;
                j.pack = pi;
                j.offset = order[k].first;
                j.end = k + 1 < order.size() ? order[k + 1].first : trailer;
                j.idx_pos = order[k].second;
                j.id = idx.oid_at(order[k].second);
                jobs.push_back(j);
            }
        }
    }

    // Verify in parallel: each thread takes a contiguous run of jobs, so
    // delta bases within a pack are mostly found in its own cache.
    std::vector<JobResult> results(jobs.size());
    unsigned nthreads = std::max(1u, std::min<unsigned>(opts.threads, static_cast<unsigned>(jobs.size() / 64 + 1)));
    {
        std::atomic<std::size_t> next{0};
        const std::size_t chunk = std::max<std::size_t>(256, jobs.size() / nthreads / 4 + 1);
        auto work = [&] {
            Worker w(ctx);
            for (;;) {
                std::size_t start = next.fetch_add(chunk);
                if (start >= jobs.size()) break;
                std::size_t end = std::min(jobs.size(), start + chunk);
                for (std::size_t i = start; i < end; ++i) {
                    try {
                        w.run(jobs[i], results[i]);
                    } catch (const Error& e) {
                        for (const std::string& l : e.error_lines) results[i].err_lines.push_back("error: " + l);
                        results[i].err_lines.push_back(std::string("error: ") + e.what());
                        results[i].error_bits |= fsck_error_object;
                    }
                }
            }
        };
        std::vector<std::thread> threads;
        for (unsigned t = 1; t < nthreads; ++t) threads.emplace_back(work);
        work();
        for (std::thread& t : threads) t.join();
    }

    // Report in job order and build the object graph.
    Graph graph;
    std::unordered_set<ObjectId, ObjectIdHash> unreadable;  // stored, but not readable
    std::unordered_set<ObjectId, ObjectIdHash> unreadable_packed;  // git never calls these missing
    // Progress as git shows it: the object directories at once, then the
    // packed objects every 1024 objects when the percentage changes.
    const bool show_progress = opts.progress && !opts.verbose && !opts.connectivity_only;
    std::uint64_t packed_total = 0;
    for (const Job& j : jobs) packed_total += j.kind == Job::packed;
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
    for (std::size_t i = 0; i < jobs.size(); ++i) {
        JobResult& r = results[i];
        if (jobs[i].kind != Job::loose) dirs_progress();
        for (const std::string& l : r.err_lines) sink.err(l);
        for (const std::string& l : r.out_lines) sink.out(l);
        errors |= r.error_bits;
        if (show_progress && jobs[i].kind == Job::packed) {
            if ((packed_seen & 1023) == 0) objects_progress(packed_seen, false);
            ++packed_seen;
            if (i + 1 == jobs.size() || jobs[i + 1].kind != Job::packed || jobs[i + 1].pack != jobs[i].pack)
                objects_progress(packed_seen, false);
            if (packed_seen == packed_total) objects_progress(packed_seen, true);
        }
        if (jobs[i].kind == Job::pack_trailer) continue;
        // git creates objects only for what it could read and parse
        if (!r.has_obj) {
            unreadable.insert(jobs[i].id);
            if (jobs[i].kind == Job::packed) unreadable_packed.insert(jobs[i].id);
            continue;
        }
        std::uint32_t n = graph.lookup(jobs[i].id, r.type);
        Node& node = graph.at(n);
        if (node.flags & has_obj) continue;
        node.flags |= has_obj;
        node.type = r.type;
        node.result = static_cast<std::uint32_t>(i);
        node.tree_error = r.tree_error;
        for (const Edge& e : r.edges) graph.at(graph.lookup(e.id, e.type)).flags |= used;
    }

    dirs_progress();

    std::vector<std::uint32_t> pending;
    auto mark_reachable = [&](std::uint32_t n) {
        Node& node = graph.at(n);
        node.flags |= used;
        if (!(node.flags & reachable)) {
            node.flags |= reachable;
            if (node.flags & has_obj) pending.push_back(n);
        }
    };
    int default_refs = 0;
    RefStore& refs = repo.refs();
    auto handle_ref = [&](const std::string& name, const ObjectId& oid) {
        const Node* node = graph.find(oid);
        if (!node || !(node->flags & has_obj)) {
            // git parses the object here: a stored but unreadable one is fatal.
            if (unreadable.count(oid)) {
                try {
                    repo.odb().read(oid);
                } catch (const CorruptData& e) {
                    std::string msg = e.what();
                    if (auto at = msg.find(ctx.objects_dir); at != std::string::npos)
                        msg.replace(at, ctx.objects_dir.size(), ctx.objects_shown);
                    CorruptData shown(msg);
                    shown.error_lines = e.error_lines;
                    throw shown;
                }
            }
            sink.err(fmt::format("error: {}: invalid sha1 pointer {}", name, oid.hex()));
            errors |= fsck_error_reachable;
            return;
        }
        if (node->type != ObjectType::commit && name.starts_with("refs/heads/")) {
            sink.err(fmt::format("error: {}: not a commit", name));
            errors |= fsck_error_refs;
        }
        ++default_refs;
        mark_reachable(graph.lookup(oid, ObjectType::none));
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
        const ObjectId* oid = &res.oid;
        const Node* node = graph.find(*oid);
        if (!node || !(node->flags & has_obj)) {
            sink.err(fmt::format("error: {}: object missing", oid->hex()));
            errors |= fsck_error_object;
            continue;
        }
        mark_reachable(graph.lookup(*oid, ObjectType::none));
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
                auto entries = read_reflog(reflog_path(git_dir, common, name), ctx.algo);
                if (!entries) continue;
                for (const ReflogEntry& e : *entries)
                    for (const ObjectId* oid : {&e.old_oid, &e.new_oid}) {
                        if (oid->is_null()) continue;
                        const Node* node = graph.find(*oid);
                        if (node && (node->flags & has_obj)) {
                            mark_reachable(graph.lookup(*oid, ObjectType::none));
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
            index = IndexFile::read(index_path, ctx.algo);
        } catch (const CorruptData&) {
        }
        if (index)
            for (const IndexEntry& e : index->entries()) {
                if ((e.mode & 0170000) == 0160000) continue;
                std::uint32_t n = graph.lookup(e.oid, is_tree_mode(e.mode) ? ObjectType::tree : ObjectType::blob);
                mark_reachable(n);
            }
        // The trees the cache-tree records, pre-order; a missing one hides its subtrees.
        std::vector<CacheTreeNode> cache_tree = read_cache_tree(index_path, ctx.algo);
        std::size_t next_node = 0;
        std::function<void(bool)> walk_cache_tree = [&](bool report) {
            const CacheTreeNode node = cache_tree[next_node++];
            if (report && node.valid) {
                const Node* found = graph.find(node.oid);
                if (!found || !(found->flags & has_obj)) {
                    sink.err(fmt::format("error: {}: invalid sha1 pointer in cache-tree", node.oid.hex()));
                    errors |= fsck_error_refs;
                    report = false;
                } else {
                    if (found->type != ObjectType::tree) {
                        sink.err(fmt::format("error in {} {}: non-tree in cache-tree", type_name(found->type),
                                             node.oid.hex()));
                        errors |= fsck_error_object;
                    }
                    mark_reachable(graph.lookup(node.oid, ObjectType::tree));
                }
            }
            for (std::uint32_t k = 0; k < node.subtrees && next_node < cache_tree.size(); ++k) walk_cache_tree(report);
        };
        if (!cache_tree.empty()) walk_cache_tree(true);
    }

    // Traverse what is reachable.
    while (!pending.empty()) {
        std::uint32_t n = pending.back();
        pending.pop_back();
        Node& node = graph.at(n);
        if (node.result == UINT32_MAX) continue;
        if (!node.tree_error.empty()) sink.err("error: " + node.tree_error);
        const ObjectId parent = node.id;
        const ObjectType parent_type = node.type;
        for (const Edge& e : results[node.result].edges) {
            // git walks a tree by looking its entries up; commits and tags
            // hold pointers to what they name.
            std::uint32_t child = graph.lookup(e.id, e.type, parent_type == ObjectType::tree);
            const Node& c = graph.at(child);
            if (!(c.flags & (reachable | has_obj)) && !unreadable.count(c.id)) {
                auto padded = [](ObjectType t) { return fmt::format("{:>7}", type_name(t)); };
                sink.out(fmt::format("broken link from {} {}", padded(parent_type), parent.hex()));
                sink.out(fmt::format("              to {} {}", padded(c.type), c.id.hex()));
                errors |= fsck_error_reachable;
            }
            mark_reachable(child);
        }
    }

    for (std::uint32_t n : graph.table_order()) {
        const Node& node = graph.at(n);
        std::string t(type_name(node.type));
        if (t.empty()) t = "unknown";
        if (node.flags & reachable) {
            if (!(node.flags & has_obj) && !unreadable_packed.count(node.id)) {
                sink.out(fmt::format("missing {} {}", t, node.id.hex()));
                errors |= fsck_error_reachable;
            }
            continue;
        }
        if (!(node.flags & has_obj)) continue;
        if (show_unreachable) {
            sink.out(fmt::format("unreachable {} {}", t, node.id.hex()));
            continue;
        }
        if (node.flags & used) continue;
        if (opts.show_dangling) sink.out(fmt::format("dangling {} {}", t, node.id.hex()));
        if (opts.lost_found) write_lost_found(repo, node.id, node.type);
    }
    return errors;
}

}  // namespace grit
